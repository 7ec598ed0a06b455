#pragma once
// deeptrace-worker's configuration: flags and DEEPTRACE_* variables, parsed
// once at start-up, validated, then immutable. The flags the API and admin
// tool share (--state, --store, --models, --log-level, --max-pixels) come
// from core/shared_flags.hpp.
#include <filesystem>
#include <string>
#include <vector>

#include "core/log.hpp"
#include "core/shared_flags.hpp"
#include "detect/analyzer.hpp"
#include "worker/worker.hpp"

namespace deeptrace::worker {

struct AppConfig {
  std::filesystem::path state_dir;
  std::string store_url;
  log::Level log_level = log::Level::Info;
  WorkerConfig worker;
  detect::AnalyzerConfig analyzer;
  // Renamed environment variables that were set; main logs them once.
  std::vector<flags::DeprecatedEnv> deprecated_env;
};

// Parses the arguments (without the program name). Throws CLI::ParseError
// (also for --help) or std::invalid_argument naming the bad flag.
AppConfig parse_config(const std::vector<std::string>& args);

// For main: exits the process (CLI11 style) on --help or invalid input.
AppConfig parse_config(int argc, char** argv);

}  // namespace deeptrace::worker
