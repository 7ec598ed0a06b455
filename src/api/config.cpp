#include "api/config.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "api/webhook_url.hpp"

namespace deeptrace::api {

int Config::io_threads() const {
  if (io_thread_count > 0) return io_thread_count;
  return static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
}

void add_config_flags(CLI::App& app, ConfigDraft& d) {
  Config& c = d.config;
  app.add_option("--host", c.host, "address to listen on")->envname("DEEPTRACE_HOST")->capture_default_str();
  app.add_option("--port", c.port, "TCP port")->envname("DEEPTRACE_PORT")->capture_default_str();
  flags::add_store_flags(app, c.state_dir, c.store_url);
  app.add_option("--max-upload-bytes", c.max_upload_bytes, "largest accepted upload")
      ->envname("DEEPTRACE_MAX_UPLOAD_BYTES")->capture_default_str();
  app.add_option("--max-duration-s", c.max_duration_s, "longest accepted video")
      ->envname("DEEPTRACE_MAX_DURATION_S")->capture_default_str();
  flags::add_max_pixels_flag(app, c.max_pixels);
  // --threads and DEEPTRACE_THREADS are the old spellings; the worker used the
  // same ones for inference threads.
  d.io_threads = app.add_option("--io-threads,--threads", c.io_thread_count,
                                "threads serving connections (0: one per core; old env name: DEEPTRACE_THREADS)")
                     ->envname("DEEPTRACE_IO_THREADS")->capture_default_str();
  app.add_option("--probe-threads", c.probe_threads, "threads that probe uploaded media")
      ->envname("DEEPTRACE_PROBE_THREADS")->capture_default_str();
  app.add_option("--web-dir", d.web_dir, "static web UI directory (optional)")->envname("DEEPTRACE_WEB_DIR");
  flags::add_models_flag(app, c.models_dir);
  flags::add_log_level_flag(app, c.log_level);
  app.add_option("--request-timeout-s", c.request_timeout_s, "idle timeout while reading a request")
      ->envname("DEEPTRACE_REQUEST_TIMEOUT_S")->capture_default_str();
  app.add_option("--sse-poll-ms", c.sse_poll_ms, "how often the event stream poller reads the store")
      ->envname("DEEPTRACE_SSE_POLL_MS")->capture_default_str();
  app.add_option("--sse-keepalive-s", c.sse_keepalive_s, "keep-alive comment interval on event streams")
      ->envname("DEEPTRACE_SSE_KEEPALIVE_S")->capture_default_str();
  flags::add_temp_max_age_flag(app, c.temp_max_age_s);
  app.add_option("--temp-sweep-interval-s", c.temp_sweep_interval_s, "how often stale upload temp files are removed")
      ->envname("DEEPTRACE_TEMP_SWEEP_INTERVAL_S")->capture_default_str();
  app.add_option("--min-free-bytes", c.min_free_bytes, "/readyz is degraded below this much free disk space (0: off)")
      ->envname("DEEPTRACE_MIN_FREE_BYTES")->capture_default_str();
  app.add_option("--storage-check-interval-s", c.storage_check_interval_s,
                 "how often free space is checked and, after a full disk, a probe write tried")
      ->envname("DEEPTRACE_STORAGE_CHECK_INTERVAL_S")->capture_default_str();
  app.add_option("--retention-days", c.retention_days,
                 "delete finished jobs, their uploads and artifacts this many days after they end (0: keep)")
      ->envname("DEEPTRACE_RETENTION_DAYS")->capture_default_str();
  app.add_flag("--anchoring", c.anchoring,
               "an anchor service (chain/anchor) anchors this server's reports on chain; clients then show anchors")
      ->envname("DEEPTRACE_ANCHORING");
  app.add_option("--webhook-allowed-hosts", d.webhook_allowed_hosts,
                 "comma-separated host names or CIDRs webhooks may target besides public addresses")
      ->envname("DEEPTRACE_WEBHOOK_ALLOWED_HOSTS");
  app.add_option("--webhook-retry-delays", d.webhook_retry_delays,
                 "waits after each failed webhook attempt (e.g. 5s,5m,2h); after the last, the delivery gives up")
      ->envname("DEEPTRACE_WEBHOOK_RETRY_DELAYS")->capture_default_str();
  app.add_option("--session-hours", c.session_hours, "how long a browser session lasts after sign-in")
      ->envname("DEEPTRACE_SESSION_HOURS")->capture_default_str();
  app.add_flag("--secure-cookies", c.secure_cookies, "mark the session cookie Secure (the UI is served over https)")
      ->envname("DEEPTRACE_SECURE_COOKIES");
  app.add_option("--webhook-timeout-s", c.webhook_timeout_s, "deadline of one webhook attempt")
      ->envname("DEEPTRACE_WEBHOOK_TIMEOUT_S")->capture_default_str();
  app.add_option("--webhook-log-days", c.webhook_log_days,
                 "days a succeeded or failed webhook delivery stays in the delivery log")
      ->envname("DEEPTRACE_WEBHOOK_LOG_DAYS")->capture_default_str();
  app.add_option("--limit-uploads-per-minute", c.limit_uploads_per_minute,
                 "default uploads per user per minute (0: no limit; admins set a user's own)")
      ->envname("DEEPTRACE_LIMIT_UPLOADS_PER_MINUTE")->capture_default_str();
  app.add_option("--limit-concurrent-jobs", c.limit_concurrent_jobs,
                 "default jobs a user may have queued or running at once (0: no limit)")
      ->envname("DEEPTRACE_LIMIT_CONCURRENT_JOBS")->capture_default_str();
  app.add_option("--limit-bytes-per-day", c.limit_bytes_per_day,
                 "default bytes a user may upload in any 24 hours (0: no limit)")
      ->envname("DEEPTRACE_LIMIT_BYTES_PER_DAY")->capture_default_str();
}

namespace {

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument(message);
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) items.push_back(item);
  }
  return items;
}

// "500ms", "5s", "5m", "2h", "1d"; a bare number is seconds. Fractions allowed.
std::int64_t duration_ms(const std::string& text, const std::string& flag) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    throw std::invalid_argument(flag + ": '" + text + "' is not a duration (e.g. 500ms, 5s, 5m, 2h)");
  }
  const std::string unit = text.substr(used);
  const std::pair<const char*, double> units[] = {{"ms", 1}, {"s", 1e3}, {"", 1e3}, {"m", 6e4}, {"h", 3.6e6},
                                                  {"d", 8.64e7}};
  for (const auto& [name, scale] : units) {
    if (unit == name && std::isfinite(value) && value >= 0) return std::llround(value * scale);
  }
  throw std::invalid_argument(flag + ": '" + text + "' is not a duration (e.g. 500ms, 5s, 5m, 2h)");
}

}  // namespace

Config finish_config(const ConfigDraft& draft) {
  Config c = draft.config;
  if (draft.io_threads) {
    if (auto old = flags::read_deprecated_env(*draft.io_threads, "DEEPTRACE_THREADS", c.io_thread_count)) {
      c.deprecated_env.push_back(*old);
    }
  }
  require(!c.host.empty(), "--host must not be empty");
  require(c.port >= 0 && c.port <= 65535, "--port must be in 0..65535");
  require(!c.state_dir.empty(), "--state must not be empty");
  require(c.max_upload_bytes > 0, "--max-upload-bytes must be positive");
  require(c.max_duration_s > 0, "--max-duration-s must be positive");
  require(c.max_pixels > 0, "--max-pixels must be positive");
  require(c.io_thread_count >= 0 && c.io_thread_count <= 256, "--io-threads must be in 0..256");
  require(c.probe_threads >= 1 && c.probe_threads <= 64, "--probe-threads must be in 1..64");
  require(c.request_timeout_s > 0, "--request-timeout-s must be positive");
  require(c.sse_poll_ms >= 10 && c.sse_poll_ms <= 10000, "--sse-poll-ms must be in 10..10000");
  require(c.sse_keepalive_s > 0, "--sse-keepalive-s must be positive");
  require(c.temp_max_age_s >= 0, "--temp-max-age-s must not be negative");
  require(c.temp_sweep_interval_s > 0, "--temp-sweep-interval-s must be positive");
  require(c.min_free_bytes >= 0, "--min-free-bytes must not be negative");
  require(c.storage_check_interval_s > 0, "--storage-check-interval-s must be positive");
  require(c.retention_days >= 0 && c.retention_days <= 36500, "--retention-days must be in 0..36500");
  c.webhook_allowed_hosts = split_list(draft.webhook_allowed_hosts);
  try {
    WebhookAddressPolicy validated(c.webhook_allowed_hosts);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("--webhook-allowed-hosts: ") + e.what());
  }
  c.webhook_retry_delays_ms.clear();
  for (const std::string& delay : split_list(draft.webhook_retry_delays))
    c.webhook_retry_delays_ms.push_back(duration_ms(delay, "--webhook-retry-delays"));
  require(c.webhook_retry_delays_ms.size() <= 20, "--webhook-retry-delays allows at most 20 retries");
  require(std::accumulate(c.webhook_retry_delays_ms.begin(), c.webhook_retry_delays_ms.end(), std::int64_t{0}) <=
              std::int64_t{7} * 24 * 3600 * 1000,
          "--webhook-retry-delays must add up to at most 7 days");
  require(c.session_hours > 0 && c.session_hours <= 24 * 30, "--session-hours must be in (0, 720]");
  require(c.webhook_timeout_s >= 1 && c.webhook_timeout_s <= 120, "--webhook-timeout-s must be in 1..120");
  require(c.webhook_log_days >= 1 && c.webhook_log_days <= 3650, "--webhook-log-days must be in 1..3650");
  require(c.limit_uploads_per_minute >= 0, "--limit-uploads-per-minute must not be negative");
  require(c.limit_concurrent_jobs >= 0, "--limit-concurrent-jobs must not be negative");
  require(c.limit_bytes_per_day >= 0, "--limit-bytes-per-day must not be negative");
  if (!draft.web_dir.empty()) {
    require(std::filesystem::is_directory(draft.web_dir), "--web-dir is not a directory: " + draft.web_dir);
    c.web_dir = std::filesystem::canonical(draft.web_dir);
  }
  return c;
}

}  // namespace deeptrace::api
