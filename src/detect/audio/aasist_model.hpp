#pragma once
// AASIST voice-spoof models (Jung et al., ICASSP 2022), converted at build
// time by tools/convert_aasist.py and listed in the catalogue's
// audio_detectors.json. LibTorch stays in aasist_model.cpp (pimpl), so the
// section builder and its callers compile without it.
#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/job.hpp"
#include "detect/detector.hpp"

namespace deeptrace::detect::audio {

// The modes are the catalogue names: "aasist" (default, 297k parameters) or
// "aasist_l" (AASIST-L, 85k parameters, about a third of the time per window).
inline constexpr std::string_view kAasistMode = "aasist";
inline constexpr std::string_view kAasistLightMode = "aasist_l";
bool is_aasist_mode(std::string_view mode);

// A window of exactly window_samples: a shorter one repeated from its start
// until full (upstream's pad for evaluation), a longer one cut. Empty in,
// silence out.
std::vector<float> fill_window(const std::vector<float>& samples, int window_samples);

class AasistModel {
 public:
  // Loads the mode's TorchScript file named in the catalogue of
  // context.models_dir, checked by sha256, and uses context.torch_threads.
  // Throws Error(INVALID_REQUEST) for an unknown mode, Error(MODEL_UNAVAILABLE)
  // when the catalogue lacks it or its file is missing or does not match.
  AasistModel(const DetectorContext& context, std::string_view mode = kAasistMode);
  ~AasistModel();
  AasistModel(const AasistModel&) = delete;
  AasistModel& operator=(const AasistModel&) = delete;

  // Logits [spoof, bona fide] per window, each window filled first
  // (fill_window); run in batches to bound memory.
  std::vector<std::array<float, 2>> logits(const std::vector<std::vector<float>>& windows);
  // P(spoof) = softmax(logits)[0] per window.
  std::vector<double> spoof_probabilities(const std::vector<std::vector<float>>& windows);

  const std::string& name() const;  // the mode: aasist | aasist_l
  const std::string& version() const;
  const std::string& weights_sha256() const;  // the upstream .pth's digest
  int sample_rate() const;                    // 16000
  int window_samples() const;                 // 64600
  // The catalogue card: paper, training data, reported EER, known limits.
  const Json& card() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// P(spoof) from a model's two logits: a numerically stable softmax[0].
double spoof_probability(const std::array<float, 2>& logits);

}  // namespace deeptrace::detect::audio
