#pragma once
// The API server's configuration: parsed once at start-up (flags, each also
// readable from a DEEPTRACE_* environment variable), validated, then never
// changed. Everything downstream takes `const Config&`.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <vector>

#include "core/log.hpp"
#include "core/shared_flags.hpp"
#include "media/limits.hpp"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace deeptrace::api {

struct Config {
  std::string host = "0.0.0.0";
  int port = 8080;
  std::filesystem::path state_dir = flags::kDefaultStateDir;
  std::string store_url;  // empty: SQLite in state_dir
  std::int64_t max_upload_bytes = std::int64_t{1} << 30;
  double max_duration_s = 3600;
  // Pictures (images, video frames) with more pixels are refused at upload
  // from their headers, before anything is decoded.
  std::int64_t max_pixels = media::kDefaultMaxPixels;
  int io_thread_count = 0;  // --io-threads; 0: one per core
  // Probing uploads (sniffing, reading headers) has its own pool, so a slow
  // probe never holds up store calls on the blocking pool.
  int probe_threads = 1;
  std::optional<std::filesystem::path> web_dir;
  std::filesystem::path models_dir = flags::kDefaultModelsDir;  // models.json etc., for GET /api/v1/models
  log::Level log_level = log::Level::Info;
  int request_timeout_s = 60;  // idle time allowed between two reads of one request
  int sse_poll_ms = 150;
  int sse_keepalive_s = 15;
  // Upload temp files (tmp/upload-*.part) no upload of this process owns and
  // not written for this long are removed: on start and every
  // temp_sweep_interval_s. Uploads idle for request_timeout_s are aborted, so
  // an age well above it never touches another process's live upload.
  int temp_max_age_s = flags::kDefaultTempMaxAgeS;
  int temp_sweep_interval_s = 300;
  // /readyz reports degraded while a storage volume (the state directory, and
  // the SQLite database's directory) has less free space than this, or since
  // a write failed for lack of space until a probe write succeeds again.
  std::int64_t min_free_bytes = std::int64_t{256} << 20;
  int storage_check_interval_s = 5;
  // Finished jobs older than this (by finished_at) are deleted with the
  // blobs only they used, every temp_sweep_interval_s; 0 keeps them for good.
  // Fractions are allowed (tests use seconds' worth).
  double retention_days = 0;
  // This deployment runs the anchor service (chain/anchor, docs/anchoring.md):
  // GET /api/v1/me says so, and the web UI shows a report's anchor only then.
  bool anchoring = false;
  // Webhooks (docs/webhooks.md): targets allowed beyond public addresses
  // (host names or CIDRs), the wait after each failed attempt (then the
  // delivery gives up), one attempt's deadline, and how long finished
  // deliveries stay in the log.
  std::vector<std::string> webhook_allowed_hosts;
  std::vector<std::int64_t> webhook_retry_delays_ms;
  int webhook_timeout_s = 15;
  int webhook_log_days = 30;
  // Browser sessions (POST /api/v1/session): how long one lasts, and whether
  // its cookie is marked Secure (set it where the UI is served over https).
  double session_hours = 12;
  bool secure_cookies = false;
  // Default quotas per user (api/quotas.hpp); 0: no limit. An admin can set
  // a user's own (PATCH /api/v1/admin/users/{name}).
  std::int64_t limit_uploads_per_minute = 60;
  std::int64_t limit_concurrent_jobs = 100;
  std::int64_t limit_bytes_per_day = std::int64_t{100} << 30;

  // Renamed environment variables that were set; main logs them once.
  std::vector<flags::DeprecatedEnv> deprecated_env;

  int io_threads() const;
};

// Registers every flag on `app`, bound to a draft the caller validates after
// app.parse() with finish_config().
struct ConfigDraft {
  Config config;
  std::string web_dir;
  std::string webhook_allowed_hosts;
  // The Standard Webhooks schedule: about 27 hours in all.
  std::string webhook_retry_delays = "5s,5m,30m,2h,5h,10h,10h";
  CLI::Option* io_threads = nullptr;  // to tell whether DEEPTRACE_THREADS (old name) applies
};
void add_config_flags(CLI::App& app, ConfigDraft& draft);
// Throws std::invalid_argument with a message naming the bad flag.
Config finish_config(const ConfigDraft& draft);

}  // namespace deeptrace::api
