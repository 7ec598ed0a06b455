#pragma once
// dlib's 68-point shape predictor (iBUG 300-W order) on given face boxes.
// dlib stays inside landmarks.cpp (pimpl): only this library links it.
#include <array>
#include <filesystem>
#include <memory>
#include <string>

#include <opencv2/core.hpp>

#include "core/job.hpp"
#include "detect/temporal/landmark_window.hpp"

namespace deeptrace::detect::temporal {

// 68 points in pixels of the image they were found in, iBUG order: jaw 0-16,
// brows 17-26, nose 27-35, eyes 36-47, mouth 48-67.
using LandmarkPoints = std::array<cv::Point2f, kLandmarks>;

// Debian's libdlib-data; the file's terms: see docs/landmarks.md (trained on
// iBUG 300-W, whose licence excludes commercial use).
inline constexpr const char* kDefaultShapePredictorFile = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";
inline constexpr const char* kShapePredictorSha256 = "fbdc2cb80eb9aa7a758672cbfdda32ba6300efe9b6e6c7a299ff7e736b11b92f";

class LandmarkPredictor {
 public:
  // Reads and checks the model once (about 100 MB; ~1 s). Throws
  // Error(MODEL_UNAVAILABLE) when the file is missing, unreadable, or its
  // sha256 is not `expected_sha256` (empty: not checked).
  explicit LandmarkPredictor(const std::filesystem::path& file = kDefaultShapePredictorFile,
                             const std::string& expected_sha256 = kShapePredictorSha256);
  ~LandmarkPredictor();
  LandmarkPredictor(LandmarkPredictor&&) noexcept;
  LandmarkPredictor& operator=(LandmarkPredictor&&) noexcept;

  // The 68 points of the face in `box` (pixels of `bgr`, 8-bit BGR). dlib was
  // trained on its HOG detector's boxes, which are about square and span
  // brows to chin; pass a box of that kind (see dlib_box_for). dlib's points
  // are whole pixels. Safe to call from several threads at once.
  LandmarkPoints predict(const cv::Mat& bgr, const cv::Rect& box) const;

  // For the report: {name, file, sha256, licence}.
  Json info() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The square box dlib expects for a face detector's box: same centre, side
// the longer of width and height.
cv::Rect dlib_box_for(const cv::Rect& detector_box);

}  // namespace deeptrace::detect::temporal
