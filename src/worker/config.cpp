#include "worker/config.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>

#include "core/random.hpp"

namespace deeptrace::worker {
namespace {

std::string default_worker_id() {
  char host[256] = "host";
  gethostname(host, sizeof host - 1);
  return std::string(host) + "-" + std::to_string(getpid()) + "-" + random_hex(3);
}

struct RawFlags {
  double lease_s = 60;
  double grace_s = 30;
  int poll_max_ms = 100;
  std::string detectors;  // empty: the ensemble's set (models/ensemble.json "weights")
};

void add_flags(CLI::App& app, AppConfig& c, RawFlags& raw) {
  app.add_option("--state", c.state_dir, "state directory (SQLite database, media)")
      ->envname("DEEPTRACE_STATE")->default_val("var");
  app.add_option("--store", c.store_url, "store URL; empty: SQLite in the state directory")
      ->envname("DEEPTRACE_STORE");
  app.add_option("--models", c.analyzer.models_dir, "directory with models.json")
      ->envname("DEEPTRACE_MODELS_DIR")->default_val("build/models");
  app.add_option("--worker-id", c.worker.worker_id, "unique id of this worker")
      ->envname("DEEPTRACE_WORKER_ID");
  app.add_option("--lease-s", raw.lease_s, "lease length; heartbeats every third of it")
      ->envname("DEEPTRACE_LEASE_S")->check(CLI::Range(0.3, 3600.0));
  app.add_option("--grace-s", raw.grace_s, "on SIGTERM, seconds to finish before releasing")
      ->envname("DEEPTRACE_GRACE_S")->check(CLI::Range(0.0, 3600.0));
  app.add_option("--poll-max-ms", raw.poll_max_ms, "longest idle sleep between claims")
      ->envname("DEEPTRACE_POLL_MAX_MS")->check(CLI::Range(10, 10000));
  app.add_option("--max-jobs", c.worker.max_jobs, "exit after this many jobs (0: never)")
      ->envname("DEEPTRACE_MAX_JOBS")->check(CLI::NonNegativeNumber);
  app.add_option("--face-detector", c.analyzer.face_detector, "registered face detector")
      ->envname("DEEPTRACE_FACE_DETECTOR")->default_val("blazeface");
  app.add_option("--detectors", raw.detectors, "default detectors, comma separated; empty: the ensemble's")
      ->envname("DEEPTRACE_DETECTORS");
  app.add_option("--threads", c.analyzer.torch_threads, "inference threads")
      ->envname("DEEPTRACE_THREADS")->default_val(2)->check(CLI::Range(1, 256));
  app.add_option("--max-pixels", c.analyzer.max_pixels, "largest picture (width x height) analysed")
      ->envname("DEEPTRACE_MAX_PIXELS")->capture_default_str()->check(CLI::PositiveNumber);
  app.add_option("--log-level", c.log_level, "debug, info, warn, error")
      ->envname("DEEPTRACE_LOG_LEVEL")->default_val("info")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}));
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

}  // namespace

AppConfig parse_config(int argc, char** argv) {
  CLI::App app{"deeptrace-worker: claims analysis jobs and runs the detectors"};
  AppConfig c;
  RawFlags raw;
  add_flags(app, c, raw);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    std::exit(app.exit(e));
  }
  using std::chrono::milliseconds;
  c.worker.lease = milliseconds(static_cast<long>(raw.lease_s * 1000));
  c.worker.grace = milliseconds(static_cast<long>(raw.grace_s * 1000));
  c.worker.poll_max = milliseconds(raw.poll_max_ms);
  c.worker.poll_min = std::min(c.worker.poll_min, c.worker.poll_max);
  if (c.worker.worker_id.empty()) c.worker.worker_id = default_worker_id();
  c.analyzer.default_detectors = split_commas(raw.detectors);
  return c;
}

}  // namespace deeptrace::worker
