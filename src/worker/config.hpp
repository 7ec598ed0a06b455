#pragma once
// deeptrace-worker's configuration: flags and DEEPTRACE_* variables, parsed
// once at start-up, validated, then immutable.
#include <filesystem>
#include <string>

#include "detect/analyzer.hpp"
#include "worker/worker.hpp"

namespace deeptrace::worker {

struct AppConfig {
  std::filesystem::path state_dir;
  std::string store_url;
  std::string log_level;
  WorkerConfig worker;
  detect::AnalyzerConfig analyzer;
};

// Exits the process (CLI11 style) on --help or invalid input.
AppConfig parse_config(int argc, char** argv);

}  // namespace deeptrace::worker
