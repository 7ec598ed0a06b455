#include "api/config.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <stdexcept>
#include <thread>

namespace deeptrace::api {

int Config::io_threads() const {
  if (threads > 0) return threads;
  return static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
}

void add_config_flags(CLI::App& app, ConfigDraft& d) {
  Config& c = d.config;
  app.add_option("--host", c.host, "address to listen on")->envname("DEEPTRACE_HOST")->capture_default_str();
  app.add_option("--port", c.port, "TCP port")->envname("DEEPTRACE_PORT")->capture_default_str();
  app.add_option("--state", c.state_dir, "state directory (database, media, tmp)")
      ->envname("DEEPTRACE_STATE")->capture_default_str();
  app.add_option("--store", c.store_url, "store URL; empty: SQLite in the state directory")
      ->envname("DEEPTRACE_STORE");
  app.add_option("--max-upload-bytes", c.max_upload_bytes, "largest accepted upload")
      ->envname("DEEPTRACE_MAX_UPLOAD_BYTES")->capture_default_str();
  app.add_option("--max-duration-s", c.max_duration_s, "longest accepted video")
      ->envname("DEEPTRACE_MAX_DURATION_S")->capture_default_str();
  app.add_option("--max-pixels", c.max_pixels, "largest accepted picture (width x height) of an image or video")
      ->envname("DEEPTRACE_MAX_PIXELS")->capture_default_str();
  app.add_option("--threads", c.threads, "I/O threads (0: one per core)")
      ->envname("DEEPTRACE_THREADS")->capture_default_str();
  app.add_option("--probe-threads", c.probe_threads, "threads that probe uploaded media")
      ->envname("DEEPTRACE_PROBE_THREADS")->capture_default_str();
  app.add_option("--web-dir", d.web_dir, "static web UI directory (optional)")->envname("DEEPTRACE_WEB_DIR");
  app.add_option("--models", c.models_dir, "directory with models.json (model cards)")
      ->envname("DEEPTRACE_MODELS_DIR")->capture_default_str();
  app.add_option("--log-level", d.log_level, "debug|info|warn|error")
      ->envname("DEEPTRACE_LOG_LEVEL")->capture_default_str();
  app.add_option("--request-timeout-s", c.request_timeout_s, "idle timeout while reading a request")
      ->envname("DEEPTRACE_REQUEST_TIMEOUT_S")->capture_default_str();
  app.add_option("--sse-poll-ms", c.sse_poll_ms, "how often the event stream poller reads the store")
      ->envname("DEEPTRACE_SSE_POLL_MS")->capture_default_str();
  app.add_option("--sse-keepalive-s", c.sse_keepalive_s, "keep-alive comment interval on event streams")
      ->envname("DEEPTRACE_SSE_KEEPALIVE_S")->capture_default_str();
  app.add_option("--temp-max-age-s", c.temp_max_age_s,
                 "remove upload temp files left unwritten this long (by a killed process)")
      ->envname("DEEPTRACE_TEMP_MAX_AGE_S")->capture_default_str();
  app.add_option("--temp-sweep-interval-s", c.temp_sweep_interval_s, "how often stale upload temp files are removed")
      ->envname("DEEPTRACE_TEMP_SWEEP_INTERVAL_S")->capture_default_str();
  app.add_option("--min-free-bytes", c.min_free_bytes, "/readyz is degraded below this much free disk space (0: off)")
      ->envname("DEEPTRACE_MIN_FREE_BYTES")->capture_default_str();
  app.add_option("--storage-check-interval-s", c.storage_check_interval_s,
                 "how often free space is checked and, after a full disk, a probe write tried")
      ->envname("DEEPTRACE_STORAGE_CHECK_INTERVAL_S")->capture_default_str();
}

log::Level parse_log_level(const std::string& name) {
  if (name == "debug") return log::Level::Debug;
  if (name == "info") return log::Level::Info;
  if (name == "warn") return log::Level::Warn;
  if (name == "error") return log::Level::Error;
  throw std::invalid_argument("--log-level must be debug, info, warn or error");
}

namespace {

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument(message);
}

}  // namespace

Config finish_config(const ConfigDraft& draft) {
  Config c = draft.config;
  require(!c.host.empty(), "--host must not be empty");
  require(c.port >= 0 && c.port <= 65535, "--port must be in 0..65535");
  require(!c.state_dir.empty(), "--state must not be empty");
  require(c.max_upload_bytes > 0, "--max-upload-bytes must be positive");
  require(c.max_duration_s > 0, "--max-duration-s must be positive");
  require(c.max_pixels > 0, "--max-pixels must be positive");
  require(c.threads >= 0 && c.threads <= 256, "--threads must be in 0..256");
  require(c.probe_threads >= 1 && c.probe_threads <= 64, "--probe-threads must be in 1..64");
  require(c.request_timeout_s > 0, "--request-timeout-s must be positive");
  require(c.sse_poll_ms >= 10 && c.sse_poll_ms <= 10000, "--sse-poll-ms must be in 10..10000");
  require(c.sse_keepalive_s > 0, "--sse-keepalive-s must be positive");
  require(c.temp_max_age_s >= 0, "--temp-max-age-s must not be negative");
  require(c.temp_sweep_interval_s > 0, "--temp-sweep-interval-s must be positive");
  require(c.min_free_bytes >= 0, "--min-free-bytes must not be negative");
  require(c.storage_check_interval_s > 0, "--storage-check-interval-s must be positive");
  c.log_level = parse_log_level(draft.log_level);
  if (!draft.web_dir.empty()) {
    require(std::filesystem::is_directory(draft.web_dir), "--web-dir is not a directory: " + draft.web_dir);
    c.web_dir = std::filesystem::canonical(draft.web_dir);
  }
  return c;
}

}  // namespace deeptrace::api
