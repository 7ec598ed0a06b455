#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/errors.hpp"
#include "detect/blazeface_decode.hpp"
#include "detect/face_crop.hpp"
#include "detect/face_detector.hpp"
#include "test_clips.hpp"

namespace deeptrace::detect {
namespace {

using blazeface::Detection;
using testing::test_clips;

// The astronaut's face in skimage's 512x512 image (hand-measured).
const cv::Rect kAstronautFace(172, 75, 108, 108);

DetectorContext models() { return {DEEPTRACE_MODELS_DIR, 2}; }

double iou(const cv::Rect& a, const cv::Rect& b) {
  return static_cast<double>((a & b).area()) / (a.area() + b.area() - (a & b).area());
}

TEST(BlazeFace, IsRegisteredBesideTheHaarFallback) {
  auto names = face_detector_names();
  for (const char* name : {"blazeface", "blazeface_front", "haar"})
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
}

TEST(BlazeFace, BoxesTheAstronautsRealFace) {
  auto detector = make_face_detector("blazeface", models());
  auto faces = detector->detect(cv::imread(test_clips().astronaut_png.string()));
  ASSERT_EQ(faces.size(), 1u);
  EXPECT_GT(iou(faces[0], kAstronautFace), 0.6) << faces[0];
}

TEST(BlazeFace, FindsTheFaceInALetterboxedWideFrame) {
  cv::Mat astronaut = cv::imread(test_clips().astronaut_png.string());
  cv::Mat wide(512, 1100, CV_8UC3, cv::Scalar(30, 30, 30));
  astronaut.copyTo(wide(cv::Rect(500, 0, 512, 512)));
  auto faces = make_face_detector("blazeface", models())->detect(wide);
  ASSERT_EQ(faces.size(), 1u);
  EXPECT_GT(iou(faces[0], kAstronautFace + cv::Point(500, 0)), 0.6) << faces[0];
}

// A large frame is reduced by a whole factor (1923 px: by 8, dropping the
// last 3 columns); boxes must still land on the face, here at the far corner.
TEST(BlazeFace, FindsAFaceInTheFarCornerOfALargeOddSizedFrame) {
  cv::Mat astronaut = cv::imread(test_clips().astronaut_png.string());
  cv::Mat scene(1081, 1923, CV_8UC3, cv::Scalar(60, 70, 80));
  cv::Point at(1923 - 512 - 3, 1081 - 512 - 1);
  astronaut.copyTo(scene(cv::Rect(at, astronaut.size())));
  auto faces = make_face_detector("blazeface", models())->detect(scene);
  ASSERT_EQ(faces.size(), 1u);
  EXPECT_GT(iou(faces[0], kAstronautFace + at), 0.6) << faces[0];
}

TEST(BlazeFace, TheBackModelFindsSmallFacesTheFrontModelMisses) {
  cv::Mat astronaut = cv::imread(test_clips().astronaut_png.string()), small;
  cv::resize(astronaut, small, {}, 0.8, 0.8, cv::INTER_AREA);  // face about 86 px of 1280
  cv::Mat scene(720, 1280, CV_8UC3, cv::Scalar(90, 110, 100));
  small.copyTo(scene(cv::Rect(600, 150, small.cols, small.rows)));
  cv::Rect expected(600 + 172 * 8 / 10, 150 + 75 * 8 / 10, 86, 86);
  EXPECT_TRUE(make_face_detector("blazeface_front", models())->detect(scene).empty());
  auto faces = make_face_detector("blazeface", models())->detect(scene);
  ASSERT_EQ(faces.size(), 1u);
  EXPECT_GT(iou(faces[0], expected), 0.4) << faces[0];
}

TEST(BlazeFace, ABatchGivesWhatSingleCallsGive) {
  auto detector = make_face_detector("blazeface", models());
  cv::Mat astronaut = cv::imread(test_clips().astronaut_png.string()), flipped;
  cv::flip(astronaut, flipped, 1);
  cv::Mat empty(300, 400, CV_8UC3, cv::Scalar(10, 200, 10));
  auto batch = detector->detect_batch({astronaut, empty, flipped});
  ASSERT_EQ(batch.size(), 3u);
  EXPECT_EQ(batch[0], detector->detect(astronaut));
  EXPECT_TRUE(batch[1].empty());
  EXPECT_EQ(batch[2], detector->detect(flipped));
}

TEST(BlazeFace, MissingModelsAreUnavailable) {
  EXPECT_EQ(testing::error_code_of([] { make_face_detector("blazeface", {"/nonexistent", 1}); }),
            ErrorCode::MODEL_UNAVAILABLE);
}

TEST(BlazeFaceDecode, WeightedNmsAveragesOverlapsByScore) {
  std::vector<Detection> found = {{0.1f, 0.1f, 0.3f, 0.3f, 0.9f}, {0.12f, 0.1f, 0.32f, 0.3f, 0.6f},
                                  {0.6f, 0.6f, 0.8f, 0.8f, 0.8f}};
  auto kept = blazeface::weighted_nms(found, 0.3f);
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_NEAR(kept[0].xmin, (0.1f * 0.9f + 0.12f * 0.6f) / 1.5f, 1e-6);
  EXPECT_NEAR(kept[0].score, 0.75f, 1e-6);
  EXPECT_FLOAT_EQ(kept[1].xmin, 0.6f);  // a lone box is kept as is
  EXPECT_FLOAT_EQ(kept[1].score, 0.8f);
}

TEST(BlazeFaceDecode, DegenerateBoxesDoNotLoopForever) {
  auto kept = blazeface::weighted_nms({{0.5f, 0.5f, 0.5f, 0.5f, 0.9f}, {0.5f, 0.5f, 0.5f, 0.5f, 0.8f}}, 0.3f);
  EXPECT_EQ(kept.size(), 2u);
}

TEST(BlazeFaceDecode, DecodesAnchorOffsetsAndDropsLowScores) {
  std::vector<blazeface::Anchor> anchors = {{0.5f, 0.5f, 1, 1}, {0.25f, 0.25f, 1, 1}};
  std::vector<float> regressors(2 * blazeface::kRegressors, 0.0f);
  regressors[0] = 12.8f;  // x offset: 0.1 of a 128 input
  regressors[2] = regressors[3] = 25.6f;  // w = h = 0.2
  std::vector<float> logits = {3.0f, -3.0f};
  auto found = blazeface::decode(regressors.data(), logits.data(), anchors, {128, 0.75f, 0.3f});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NEAR(found[0].xmin, 0.5f, 1e-6);
  EXPECT_NEAR(found[0].xmax, 0.7f, 1e-6);
  EXPECT_NEAR(found[0].ymin, 0.4f, 1e-6);
}

}  // namespace
}  // namespace deeptrace::detect
