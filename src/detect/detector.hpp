#pragma once
// Deepfake detectors behind a name-keyed registry. LibTorch stays inside the
// implementations; this header only needs OpenCV.
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "core/job.hpp"

namespace deeptrace::detect {

class Detector {
 public:
  virtual ~Detector() = default;
  virtual std::string name() const = 0;
  virtual cv::Size input_size() const = 0;
  // One fake score in [0,1] per crop (1 = fake), computed in batches.
  // Crops: RGB, CV_32FC3 in [0,1] (or CV_8UC3), resized to input_size() if
  // they are not already.
  virtual std::vector<float> fake_scores(const std::vector<cv::Mat>& rgb_crops) = 0;
  // Model card: name, version, weights_sha256, paper, training data, limits.
  virtual Json info() const = 0;
};

struct DetectorContext {
  std::filesystem::path models_dir;  // holds models.json
  int torch_threads = 2;
};

struct DetectorEntry {
  // Whether the files the detector needs are present in the context.
  std::function<bool(const DetectorContext&)> available;
  // Loads the detector; throws Error(MODEL_UNAVAILABLE) if files are missing.
  std::function<std::unique_ptr<Detector>(const DetectorContext&)> make;
  // Card from the catalogue, without loading weights (null when absent).
  std::function<Json(const DetectorContext&)> card;
};

void register_detector(const std::string& name, DetectorEntry entry);
std::vector<std::string> detector_names();
bool is_registered_detector(const std::string& name);
bool detector_available(const std::string& name, const DetectorContext& context);
Json detector_card(const std::string& name, const DetectorContext& context);
// Throws Error(INVALID_REQUEST) for an unknown name, Error(MODEL_UNAVAILABLE)
// when its files are missing.
std::unique_ptr<Detector> make_detector(const std::string& name, const DetectorContext& context);

// The models.json entry for `name` under `models_dir`, or null.
Json find_model_entry(const std::filesystem::path& models_dir, const std::string& name);
// The entry named `name` in the `list` array of <models_dir>/<file>, or null.
Json find_catalogue_entry(const std::filesystem::path& models_dir, const std::string& file, const std::string& list,
                          const std::string& name);

}  // namespace deeptrace::detect
