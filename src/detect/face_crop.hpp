#pragma once
// Internal: turns a detected face box into the classifier's input crop.
#include <opencv2/core.hpp>

namespace deeptrace::detect {

// Context around the box helps MesoNet, which was trained on loose crops.
constexpr double kFaceMargin = 0.25;  // of the box side, on each side

// A square around `face` grown by `margin`, shifted and clipped into `frame`.
cv::Rect square_with_margin(const cv::Rect& face, cv::Size frame, double margin = kFaceMargin);

// RGB float [0,1] crop resized to `size` with bilinear interpolation.
cv::Mat face_crop_rgb(const cv::Mat& bgr, const cv::Rect& face, cv::Size size);

// The largest box, by area; `faces` must not be empty.
cv::Rect largest(const std::vector<cv::Rect>& faces);

}  // namespace deeptrace::detect
