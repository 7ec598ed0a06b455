#pragma once
// Face detection behind a name-keyed registry, so the analyzer can switch
// between BlazeFace (default) and the Haar cascade (fallback) by configuration.
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "detect/detector.hpp"

namespace deeptrace::detect {

class FaceDetector {
 public:
  virtual ~FaceDetector() = default;
  virtual std::string name() const = 0;
  // Face boxes in `bgr` pixel coordinates, any order.
  virtual std::vector<cv::Rect> detect(const cv::Mat& bgr) = 0;
  // One list of boxes per frame. Models override this to run one forward
  // pass for the whole batch (10x cheaper than single calls for BlazeFace).
  virtual std::vector<std::vector<cv::Rect>> detect_batch(const std::vector<cv::Mat>& bgr_frames) {
    std::vector<std::vector<cv::Rect>> out;
    for (const auto& frame : bgr_frames) out.push_back(detect(frame));
    return out;
  }
  // Name, version, weights sha256 of what runs; for the report.
  virtual Json info() const { return Json{{"name", name()}}; }
};

// Face detectors that need model files find them through the same context
// (and the same catalogue) as deepfake detectors, in the same registry type.
using FaceDetectorRegistry = Registry<FaceDetector, DetectorContext>;
using FaceDetectorFactory = FaceDetectorRegistry::Factory;
// Built-ins ("blazeface", "blazeface_front", "haar") are registered when it is
// first used.
FaceDetectorRegistry& face_detector_registry();

void register_face_detector(const std::string& name, FaceDetectorFactory factory);
// Throws Error(INVALID_REQUEST) for an unknown name, Error(MODEL_UNAVAILABLE)
// when a model-based detector's files are missing from context.models_dir.
std::unique_ptr<FaceDetector> make_face_detector(const std::string& name, const DetectorContext& context = {});
std::vector<std::string> face_detector_names();

// The Haar cascade built-in; exposed for tests that want a specific file.
std::unique_ptr<FaceDetector> make_haar_face_detector(const std::string& cascade_file);

// BlazeFace built-ins: the front model, plus the back model for small faces
// when `with_back_model`. Throws Error(MODEL_UNAVAILABLE).
std::unique_ptr<FaceDetector> make_blazeface_detector(const DetectorContext& context, bool with_back_model);

}  // namespace deeptrace::detect
