#pragma once
// Deepfake detectors behind a name-keyed registry. LibTorch stays inside the
// implementations; this header only needs OpenCV.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "catalog/model_catalog.hpp"
#include "core/job.hpp"
#include "detect/registry.hpp"

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
  // Where this detector's fake score is most sensitive on one crop (same
  // input as fake_scores): a single-channel CV_32F map at input_size(), in
  // [0,1], relative within this crop. Not proof of editing: it shows which
  // pixels moved the score, not what was changed. Default: none (this
  // detector cannot say); also none when the score does not respond to the
  // pixels at all (e.g. a saturated output).
  virtual std::optional<cv::Mat> saliency(const cv::Mat& /*rgb_crop*/) { return std::nullopt; }
  // How saliency() is computed ("input_gradient"); empty when it is not.
  virtual std::string saliency_method() const { return ""; }
};

struct DetectorContext {
  std::filesystem::path models_dir;  // holds the catalogue files (see src/catalog)
  int torch_threads = 2;
  // Where the face detector's and the detectors' TorchScript models run: a
  // LibTorch device string, "cpu" or "cuda[:N]" (a CUDA build only:
  // -DDEEPTRACE_TORCH_CUDA=ON). The temporal and audio models stay on the CPU.
  std::string device = "cpu";
  // The catalogue of models_dir, when the caller has read it already (the
  // analyzer reads it once); null: factories read it themselves.
  std::shared_ptr<const catalog::ModelCatalog> catalog = nullptr;
};

// The catalogue of context.models_dir: context.catalog, or read now.
std::shared_ptr<const catalog::ModelCatalog> catalog_of(const DetectorContext& context);

using DetectorRegistry = Registry<Detector, DetectorContext>;
DetectorRegistry& detector_registry();

// Every detector the catalogue lists is registered by
// register_catalogue_detectors (torchscript_detector.hpp); nothing is built in.
void register_detector(const std::string& name, DetectorRegistry::Factory factory);
std::vector<std::string> detector_names();
bool is_registered_detector(const std::string& name);
// Registered, and the catalogue of context.models_dir lists it with its file
// installed and matching its sha256 (catalog::check_model_file).
bool detector_available(const std::string& name, const DetectorContext& context);
// Its card from the catalogue, without loading weights (null when absent).
Json detector_card(const std::string& name, const DetectorContext& context);
// Throws Error(INVALID_REQUEST) for an unknown name, Error(MODEL_UNAVAILABLE)
// when its files are missing.
std::unique_ptr<Detector> make_detector(const std::string& name, const DetectorContext& context);

}  // namespace deeptrace::detect
