#pragma once
// The API server's configuration: parsed once at start-up (flags, each also
// readable from a DEEPTRACE_* environment variable), validated, then never
// changed. Everything downstream takes `const Config&`.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "core/log.hpp"

namespace CLI {
class App;
}

namespace deeptrace::api {

struct Config {
  std::string host = "0.0.0.0";
  int port = 8080;
  std::filesystem::path state_dir = "./var";
  std::string store_url;  // empty: SQLite in state_dir
  std::int64_t max_upload_bytes = std::int64_t{1} << 30;
  double max_duration_s = 3600;
  int threads = 0;  // 0: one per core
  std::optional<std::filesystem::path> web_dir;
  std::filesystem::path models_dir;  // models.json etc., for GET /api/v1/models
  log::Level log_level = log::Level::Info;
  int request_timeout_s = 60;  // idle time allowed between two reads of one request
  int sse_poll_ms = 150;
  int sse_keepalive_s = 15;

  int io_threads() const;
};

// Registers every flag on `app`, bound to a draft the caller validates after
// app.parse() with finish_config().
struct ConfigDraft {
  Config config;
  std::string web_dir;
  std::string log_level = "info";
};
void add_config_flags(CLI::App& app, ConfigDraft& draft);
// Throws std::invalid_argument with a message naming the bad flag.
Config finish_config(const ConfigDraft& draft);

log::Level parse_log_level(const std::string& name);

}  // namespace deeptrace::api
