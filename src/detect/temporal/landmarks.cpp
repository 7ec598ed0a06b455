#include "detect/temporal/landmarks.hpp"

#include <dlib/image_processing/shape_predictor.h>
#include <dlib/opencv/cv_image.h>

#include <algorithm>
#include <system_error>

#include "core/errors.hpp"
#include "core/sha256.hpp"
#include "detect/dlib_model_file.hpp"

namespace deeptrace::detect::temporal {

struct LandmarkPredictor::Impl {
  dlib::shape_predictor model;
  std::filesystem::path file;
  std::string sha256;
};

LandmarkPredictor::LandmarkPredictor(const std::filesystem::path& file, const std::string& expected_sha256)
    : impl_(std::make_unique<Impl>()) {
  const std::string what = "landmark model";
  std::error_code ec;
  // The digest before reading: a wrong file is refused for what it is.
  if (std::filesystem::is_regular_file(file, ec)) {
    impl_->sha256 = sha256_file_hex(file);
    if (!expected_sha256.empty() && impl_->sha256 != expected_sha256)
      dlib_model_unavailable(what, file, "sha256 " + impl_->sha256 + " is not the expected " + expected_sha256);
  }
  read_dlib_model(what, file, "Debian package libdlib-data; scripts/setup installs it", impl_->model);
  impl_->file = file;
  if (impl_->model.num_parts() != kLandmarks)
    dlib_model_unavailable(what, file, "gives " + std::to_string(impl_->model.num_parts()) + " points, not 68");
}

LandmarkPredictor::~LandmarkPredictor() = default;
LandmarkPredictor::LandmarkPredictor(LandmarkPredictor&&) noexcept = default;
LandmarkPredictor& LandmarkPredictor::operator=(LandmarkPredictor&&) noexcept = default;

LandmarkPoints LandmarkPredictor::predict(const cv::Mat& bgr, const cv::Rect& box) const {
  if (bgr.type() != CV_8UC3) throw Error(ErrorCode::INTERNAL, "landmarks need an 8-bit BGR picture");
  // dlib's bgr_pixel has OpenCV's byte order: the picture is read in place.
  dlib::cv_image<dlib::bgr_pixel> image(bgr);
  dlib::rectangle face(box.x, box.y, box.x + box.width - 1, box.y + box.height - 1);
  dlib::full_object_detection shape = impl_->model(image, face);
  LandmarkPoints points;
  for (int i = 0; i < kLandmarks; ++i)
    points[i] = cv::Point2f(static_cast<float>(shape.part(i).x()), static_cast<float>(shape.part(i).y()));
  return points;
}

Json LandmarkPredictor::info() const {
  return Json{{"name", "dlib_shape_predictor_68_face_landmarks"},
              {"file", impl_->file.string()},
              {"sha256", impl_->sha256},
              {"licence", "Debian libdlib-data lists CC0; trained on iBUG 300-W, whose terms exclude commercial use"}};
}

cv::Rect dlib_box_for(const cv::Rect& detector_box) {
  int side = std::max(detector_box.width, detector_box.height);
  int cx = detector_box.x + detector_box.width / 2, cy = detector_box.y + detector_box.height / 2;
  return {cx - side / 2, cy - side / 2, side, side};
}

}  // namespace deeptrace::detect::temporal
