#include "detect/face_crop.hpp"

#include <algorithm>

#include <opencv2/imgproc.hpp>

namespace deeptrace::detect {

cv::Rect square_with_margin(const cv::Rect& face, cv::Size frame, double margin) {
  int side = static_cast<int>(std::max(face.width, face.height) * (1.0 + 2.0 * margin));
  side = std::min({side, frame.width, frame.height});
  int cx = face.x + face.width / 2, cy = face.y + face.height / 2;
  // Shift rather than shrink at the borders, so the crop stays square.
  int x = std::clamp(cx - side / 2, 0, frame.width - side);
  int y = std::clamp(cy - side / 2, 0, frame.height - side);
  return {x, y, side, side};
}

cv::Mat face_crop_rgb(const cv::Mat& bgr, const cv::Rect& face, cv::Size size) {
  cv::Mat resized, rgb, as_float;
  cv::resize(bgr(square_with_margin(face, bgr.size())), resized, size, 0, 0, cv::INTER_LINEAR);
  cv::cvtColor(resized, rgb, cv::COLOR_BGR2RGB);
  rgb.convertTo(as_float, CV_32F, 1.0 / 255.0);
  return as_float;
}

cv::Rect largest(const std::vector<cv::Rect>& faces) {
  return *std::max_element(faces.begin(), faces.end(),
                           [](const cv::Rect& a, const cv::Rect& b) { return a.area() < b.area(); });
}

}  // namespace deeptrace::detect
