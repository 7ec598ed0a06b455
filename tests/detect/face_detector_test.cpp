#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include "core/errors.hpp"
#include "detect/face_crop.hpp"
#include "detect/face_detector.hpp"
#include "test_clips.hpp"

namespace deeptrace::detect {
namespace {

TEST(FaceDetectors, HaarIsRegisteredAndFindsARealFace) {
  auto names = face_detector_names();
  ASSERT_NE(std::find(names.begin(), names.end(), "haar"), names.end());
  auto detector = make_face_detector("haar");
  cv::Mat astronaut = cv::imread(testing::test_clips().astronaut_png.string());
  auto faces = detector->detect(astronaut);
  ASSERT_GE(faces.size(), 1u);
  cv::Rect face = largest(faces);
  EXPECT_GT(face.width, 60);  // her face is about 100 px wide
  EXPECT_TRUE((face & cv::Rect(0, 0, 512, 512)) == face);
}

TEST(FaceDetectors, NoFaceInAPlainImage) {
  cv::Mat flat(480, 640, CV_8UC3, cv::Scalar(40, 120, 200));
  EXPECT_TRUE(make_face_detector("haar")->detect(flat).empty());
}

TEST(FaceDetectors, UnknownNameIsAnInvalidRequest) {
  EXPECT_EQ(testing::error_code_of([] { make_face_detector("no-such"); }), ErrorCode::INVALID_REQUEST);
}

TEST(FaceCrop, IsSquareWithMarginAndStaysInsideTheFrame) {
  cv::Size frame(640, 480);
  cv::Rect centred = square_with_margin({300, 200, 100, 80}, frame);
  EXPECT_EQ(centred.width, centred.height);
  EXPECT_EQ(centred.width, 150);
  cv::Rect corner = square_with_margin({0, 0, 100, 100}, frame);
  EXPECT_EQ(corner.x, 0);
  EXPECT_EQ(corner.y, 0);
  EXPECT_EQ(corner.width, 150);
  cv::Rect huge = square_with_margin({100, 50, 460, 420}, frame);
  EXPECT_EQ(huge.width, 480);
  EXPECT_TRUE((huge & cv::Rect({}, frame)) == huge);
}

TEST(FaceCrop, GivesFloatRgbAtTheRequestedSize) {
  cv::Mat bgr(100, 100, CV_8UC3, cv::Scalar(255, 0, 0));  // pure blue
  cv::Mat crop = face_crop_rgb(bgr, {25, 25, 50, 50}, {256, 256});
  EXPECT_EQ(crop.size(), cv::Size(256, 256));
  EXPECT_EQ(crop.type(), CV_32FC3);
  auto pixel = crop.at<cv::Vec3f>(128, 128);
  EXPECT_FLOAT_EQ(pixel[0], 0.0f);  // R
  EXPECT_FLOAT_EQ(pixel[2], 1.0f);  // B
}

}  // namespace
}  // namespace deeptrace::detect
