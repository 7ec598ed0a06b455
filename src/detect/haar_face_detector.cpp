#include <algorithm>
#include <filesystem>

#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

#include "core/errors.hpp"
#include "detect/face_detector.hpp"

namespace deeptrace::detect {
namespace {

// The cascade's cost grows with the pixel count; faces worth classifying
// stay findable at this width.
constexpr int kMaxDetectWidth = 640;

class HaarFaceDetector : public FaceDetector {
 public:
  explicit HaarFaceDetector(const std::string& cascade_file) {
    if (!std::filesystem::exists(cascade_file) || !cascade_.load(cascade_file))
      throw Error(ErrorCode::MODEL_UNAVAILABLE, "Haar cascade not found or unreadable: " + cascade_file);
  }

  std::string name() const override { return "haar"; }

  std::vector<cv::Rect> detect(const cv::Mat& bgr) override {
    double scale = bgr.cols > kMaxDetectWidth ? static_cast<double>(kMaxDetectWidth) / bgr.cols : 1.0;
    cv::Mat gray = to_equalized_gray(bgr, scale);
    int min_side = std::max(24, std::min(gray.cols, gray.rows) / 12);
    std::vector<cv::Rect> found;
    cascade_.detectMultiScale(gray, found, 1.1, 5, 0, cv::Size(min_side, min_side));
    for (auto& box : found) box = rescale(box, 1.0 / scale);
    return found;
  }

 private:
  cv::CascadeClassifier cascade_;

  static cv::Mat to_equalized_gray(const cv::Mat& bgr, double scale) {
    cv::Mat small = bgr, gray;
    if (scale != 1.0) cv::resize(bgr, small, cv::Size(), scale, scale, cv::INTER_AREA);
    cv::cvtColor(small, gray, cv::COLOR_BGR2GRAY);
    cv::equalizeHist(gray, gray);
    return gray;
  }

  static cv::Rect rescale(const cv::Rect& box, double factor) {
    return {static_cast<int>(box.x * factor), static_cast<int>(box.y * factor),
            static_cast<int>(box.width * factor), static_cast<int>(box.height * factor)};
  }
};

}  // namespace

std::unique_ptr<FaceDetector> make_haar_face_detector(const std::string& cascade_file) {
  return std::make_unique<HaarFaceDetector>(cascade_file);
}

}  // namespace deeptrace::detect
