#pragma once
// Face detection behind a name-keyed registry, so the analyzer can switch
// from the Haar cascade to BlazeFace by configuration.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace deeptrace::detect {

class FaceDetector {
 public:
  virtual ~FaceDetector() = default;
  virtual std::string name() const = 0;
  // Face boxes in `bgr` pixel coordinates, any order.
  virtual std::vector<cv::Rect> detect(const cv::Mat& bgr) = 0;
};

using FaceDetectorFactory = std::function<std::unique_ptr<FaceDetector>()>;

// Built-ins ("haar") are registered before the first lookup.
void register_face_detector(const std::string& name, FaceDetectorFactory factory);
// Throws Error(INVALID_REQUEST) for an unknown name.
std::unique_ptr<FaceDetector> make_face_detector(const std::string& name);
std::vector<std::string> face_detector_names();

// The Haar cascade built-in; exposed for tests that want a specific file.
std::unique_ptr<FaceDetector> make_haar_face_detector(const std::string& cascade_file);

}  // namespace deeptrace::detect
