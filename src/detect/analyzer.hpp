#pragma once
// The worker's view of inference: media file in, report JSON out. Pimpl keeps
// LibTorch and OpenCV headers out of the worker's translation units.
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/job.hpp"

namespace deeptrace::detect {

struct AnalyzerConfig {
  std::filesystem::path models_dir;         // converted models + models.json
  std::string face_detector = "haar";
  std::vector<std::string> default_detectors = {"Meso4_DF"};
  int torch_threads = 2;
};

// Thrown from analyze() when `should_stop` turns true between steps.
struct AnalysisInterrupted : std::exception {
  const char* what() const noexcept override { return "analysis interrupted"; }
};

struct AnalysisHooks {
  std::function<void(const Progress&)> on_progress;  // called per stage / step
  const std::atomic<bool>* should_stop = nullptr;    // cancellation or lease loss
};

struct DetectorCard {
  std::string name;
  bool available = false;
  Json card;  // name, version, weights_sha256, paper, training data, limits ...
};

class Analyzer {
 public:
  // Loads models once per process. Throws Error(MODEL_UNAVAILABLE) if a
  // default detector's weights are missing.
  explicit Analyzer(const AnalyzerConfig& config);
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // Report: {verdict, fake_score, frames_analyzed, faces_found,
  //          per_frame:[{t, fake_score}], detector:{name, weights_sha256},
  //          timings_ms:{...}, ...}. Throws Error (CORRUPT_MEDIA, ...).
  Json analyze(const std::filesystem::path& media, const JobOptions& options,
               const AnalysisHooks& hooks);

  std::vector<DetectorCard> detectors() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace deeptrace::detect
