#include "worker/config.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "core/device_name.hpp"
#include "core/random.hpp"

namespace deeptrace::worker {
namespace {

constexpr int kDefaultInferenceThreads = 2;
constexpr std::pair<int, int> kInferenceThreadRange{1, 256};

std::string default_worker_id() {
  char host[256] = "host";
  gethostname(host, sizeof host - 1);
  return std::string(host) + "-" + std::to_string(getpid()) + "-" + random_hex(3);
}

struct RawFlags {
  CLI::Option* inference_threads = nullptr;  // to tell whether DEEPTRACE_THREADS (old name) applies
  double lease_s = 60;
  double grace_s = 30;
  int poll_max_ms = 100;
  std::string detectors;  // empty: the ensemble's set (models/ensemble.json "weights")
  bool sections_after_visual = false;
};

// The temporal and audio sections: how much of the media they read, and with
// which weights. Defaults: detect::AnalyzerConfig.
void add_evidence_flags(CLI::App& app, detect::AnalyzerConfig& a) {
  app.add_option("--temporal-windows", a.temporal_windows,
                 "windows of consecutive frames LRNet reads per video (0: no temporal evidence)")
      ->envname("DEEPTRACE_TEMPORAL_WINDOWS")->default_val(a.temporal_windows)->check(CLI::Range(0, 64));
  app.add_option("--temporal-weights", a.temporal_weights, "LRNet weight set: ffpp (FaceForensics++) or dfo (DeeperForensics)")
      ->envname("DEEPTRACE_TEMPORAL_WEIGHTS")->default_val(a.temporal_weights)->check(CLI::IsMember({"ffpp", "dfo"}));
  app.add_option("--audio-model", a.audio_model, "voice-spoof model: aasist, or aasist_l (cheaper)")
      ->envname("DEEPTRACE_AUDIO_MODEL")->default_val(a.audio_model)->check(CLI::IsMember({"aasist", "aasist_l"}));
  app.add_option("--audio-windows", a.audio_windows,
                 "most 4 s audio windows read and checked for speech per file (0: no audio evidence)")
      ->envname("DEEPTRACE_AUDIO_WINDOWS")->default_val(a.audio_windows)->check(CLI::Range(0, 1024));
  app.add_option("--audio-scored-windows", a.audio_scored_windows,
                 "most of those windows the voice model scores, the ones with the most speech first")
      ->envname("DEEPTRACE_AUDIO_SCORED_WINDOWS")->default_val(a.audio_scored_windows)->check(CLI::Range(1, 1024));
}

// cpu, cuda or cuda:N: the --device and --decode-device syntax.
CLI::Validator device_syntax() {
  return CLI::Validator(
      [](std::string& value) {
        return parse_device_name(value) ? std::string() : "expected cpu, cuda or cuda:N";
      },
      "DEVICE");
}

void add_flags(CLI::App& app, AppConfig& c, RawFlags& raw) {
  flags::add_store_flags(app, c.state_dir, c.store_url);
  flags::add_models_flag(app, c.analyzer.models_dir);
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
  // --threads and DEEPTRACE_THREADS are the old spellings; the API used the
  // same ones for its I/O threads.
  raw.inference_threads =
      app.add_option("--inference-threads,--threads", c.analyzer.torch_threads,
                     "threads one analysis uses for inference (old env name: DEEPTRACE_THREADS)")
          ->envname("DEEPTRACE_INFERENCE_THREADS")->default_val(kDefaultInferenceThreads)
          ->check(CLI::Range(kInferenceThreadRange.first, kInferenceThreadRange.second));
  // Syntax here; whether this build and machine have the device, when the
  // analyzer loads its models (a CPU build refuses cuda at start-up).
  app.add_option("--device", c.analyzer.device,
                 "where the face detector and detectors run: cpu, or cuda[:N] in a CUDA build")
      ->envname("DEEPTRACE_DEVICE")->default_val(c.analyzer.device)
      ->check(device_syntax());
  // Likewise: syntax here, and whether FFmpeg and the machine can decode on
  // that device when the analyzer starts.
  app.add_option("--decode-device", c.analyzer.decode_device,
                 "where video decodes: cpu, or cuda[:N] for FFmpeg's NVDEC (an NVIDIA GPU and driver)")
      ->envname("DEEPTRACE_DECODE_DEVICE")->default_val(c.analyzer.decode_device)
      ->check(device_syntax());
  flags::add_max_pixels_flag(app, c.analyzer.max_pixels);
  flags::add_log_level_flag(app, c.log_level);
  flags::add_c2pa_trust_flags(app, c.analyzer.provenance.trust_anchors, c.analyzer.provenance.trust_config);
  add_evidence_flags(app, c.analyzer);
  // Same reports either way (analyzer_test); docs/speed.md has the figures.
  app.add_flag("--sections-after-visual", raw.sections_after_visual,
               "run the temporal and audio sections after the visual one, not beside it: "
               "a smaller peak memory per worker, a longer analysis")
      ->envname("DEEPTRACE_SECTIONS_AFTER_VISUAL");
}

// Checks for the values CLI11 did not check: those read from the old
// environment variable, and the derived ones.
void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument(message);
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream in(text);
  for (std::string item; std::getline(in, item, ',');) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

// After app.parse(): applies the old variable, converts and validates.
AppConfig finish(AppConfig c, const RawFlags& raw) {
  if (auto old = flags::read_deprecated_env(*raw.inference_threads, "DEEPTRACE_THREADS", c.analyzer.torch_threads)) {
    c.deprecated_env.push_back(*old);
  }
  require(c.analyzer.torch_threads >= kInferenceThreadRange.first &&
              c.analyzer.torch_threads <= kInferenceThreadRange.second,
          "--inference-threads must be in 1..256");
  using std::chrono::milliseconds;
  c.worker.lease = milliseconds(static_cast<long>(raw.lease_s * 1000));
  c.worker.grace = milliseconds(static_cast<long>(raw.grace_s * 1000));
  c.worker.poll_max = milliseconds(raw.poll_max_ms);
  c.worker.poll_min = std::min(c.worker.poll_min, c.worker.poll_max);
  if (c.worker.worker_id.empty()) c.worker.worker_id = default_worker_id();
  c.analyzer.default_detectors = split_commas(raw.detectors);
  c.analyzer.sections_beside_visual = !raw.sections_after_visual;
  return c;
}

const char* const kDescription = "deeptrace-worker: claims analysis jobs and runs the detectors";

}  // namespace

AppConfig parse_config(const std::vector<std::string>& args) {
  CLI::App app{kDescription};
  AppConfig c;
  RawFlags raw;
  add_flags(app, c, raw);
  std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 takes them last first
  app.parse(reversed);
  return finish(std::move(c), raw);
}

AppConfig parse_config(int argc, char** argv) {
  CLI::App app{kDescription};
  AppConfig c;
  RawFlags raw;
  add_flags(app, c, raw);
  try {
    app.parse(argc, argv);
    return finish(std::move(c), raw);
  } catch (const CLI::ParseError& e) {
    std::exit(app.exit(e));
  } catch (const std::invalid_argument& e) {
    std::cerr << "deeptrace-worker: " << e.what() << "\n";
    std::exit(2);
  }
}

}  // namespace deeptrace::worker
