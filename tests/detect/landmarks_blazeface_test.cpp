// Landmark windows with the analyzer's face detector (BlazeFace): dlib's
// points from BlazeFace boxes, the windows of a video, and their cost.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <opencv2/imgcodecs.hpp>

#include "detect/face_detector.hpp"
#include "detect/temporal/landmark_windows.hpp"
#include "test_clips.hpp"

namespace deeptrace::detect::temporal {
namespace {

using deeptrace::testing::test_clips;
using Clock = std::chrono::steady_clock;

std::unique_ptr<FaceDetector> blazeface() { return make_face_detector("blazeface", {DEEPTRACE_MODELS_DIR, 2}); }

double cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

TEST(LandmarksFromBlazeFace, LandOnTheAstronautsFaceInIbugOrder) {
  cv::Mat image = cv::imread(test_clips().astronaut_png.string(), cv::IMREAD_COLOR);
  auto faces = blazeface()->detect(image);
  ASSERT_FALSE(faces.empty());
  LandmarkPredictor predictor;
  LandmarkPoints points = predictor.predict(image, dlib_box_for(faces[0]));
  const cv::Rect face(172, 75, 108, 108);  // hand-measured (blazeface_test.cpp)
  cv::Rect around(face.x - 20, face.y - 20, face.width + 40, face.height + 40);
  for (int i = 0; i < kLandmarks; ++i) EXPECT_TRUE(around.contains(points[i])) << i << " " << points[i];
  EXPECT_LT(points[0].x, points[16].x);
  EXPECT_LT(points[19].y, points[30].y) << "brow above the nose tip";
  EXPECT_LT(points[30].y, points[57].y) << "nose tip above the lower lip";
  EXPECT_LT(points[57].y, points[8].y) << "lower lip above the chin";
}

TEST(LandmarksFromBlazeFace, WindowsOfMegamindAndTheirCost) {
  auto faces = blazeface();
  // TorchScript optimises a model over its first calls; in the analyzer the
  // sparse sampling has warmed it up already. (Timed with
  // OMP_WAIT_POLICY=PASSIVE, as the services run: see detect/openmp_wait.hpp.)
  cv::Mat picture = cv::imread(test_clips().astronaut_png.string(), cv::IMREAD_COLOR);
  for (int i = 0; i < 3; ++i) faces->detect_batch(std::vector<cv::Mat>(4, picture));
  LandmarkExtractor extractor;
  LandmarkStats stats;
  auto start = Clock::now();
  double cpu_start = cpu_ms();
  auto windows = extractor.extract(test_clips().megamind_mp4, *faces, nullptr, &stats);
  double wall = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  ASSERT_GE(windows.size(), 2u);
  for (const auto& w : windows) EXPECT_EQ(w.landmarks.rows.size(), static_cast<size_t>(kBlockFrames + 1));
  int frames = stats.faces * (kBlockFrames + 1);
  std::printf("Megamind (720x528) K=4 with BlazeFace: %d windows, %d faces; wall %.0f ms, CPU %.0f ms; decode %.0f, "
              "detect %.0f (%.0f per window), dlib %.0f (%.2f per frame), calibration %.0f (%.2f per frame) ms wall\n",
              stats.windows, stats.faces, wall, cpu_ms() - cpu_start, stats.decode_ms, stats.detect_ms,
              stats.detect_ms / std::max(1, stats.windows), stats.landmark_ms, stats.landmark_ms / std::max(1, frames),
              stats.calibrate_ms, stats.calibrate_ms / std::max(1, frames));
}

// Writes the rows of the labelled eval-dev clips (research-only, read from
// ../shared, never committed), calibrated and raw, one frame per line, a
// blank line between windows, into $DEEPTRACE_LANDMARK_DUMP, for scoring
// with LRNet by hand (docs/landmarks.md). Run:
// DEEPTRACE_LANDMARK_DUMP=/tmp/lm landmarks_blazeface_test
//   --gtest_also_run_disabled_tests --gtest_filter='*DumpEvalDev*'
TEST(LandmarksFromBlazeFace, DISABLED_DumpEvalDevRows) {
  const char* out = std::getenv("DEEPTRACE_LANDMARK_DUMP");
  ASSERT_NE(out, nullptr);
  std::filesystem::create_directories(out);
  auto faces = blazeface();
  for (bool calibrate : {true, false}) {
    LandmarkOptions options;
    options.sampling.windows = 8;
    options.calibrate = calibrate;
    LandmarkExtractor extractor(options);
    for (const char* clip : {"ff_real", "ff_fake", "dfo_real", "dfo_fake", "000_003"}) {
      LandmarkStats stats;
      auto file_name = std::filesystem::path(DEEPTRACE_SHARED_DIR) / "fixtures/eval-dev" / (std::string(clip) + ".mp4");
      auto windows = extractor.extract(file_name, *faces, nullptr, &stats);
      std::string dump = std::string(out) + "/" + clip + (calibrate ? ".calibrated" : ".raw") + ".txt";
      std::FILE* file = std::fopen(dump.c_str(), "w");
      ASSERT_NE(file, nullptr);
      for (const FaceWindow& w : windows) {
        for (const auto& row : w.landmarks.rows) {
          for (float v : row) std::fprintf(file, "%.5f ", v);
          std::fprintf(file, "\n");
        }
        std::fprintf(file, "\n");
      }
      std::fclose(file);
      std::printf("%s %s: %d windows, %d faces, detect %.0f ms, dlib %.0f ms, calibration %.0f ms\n", clip,
                  calibrate ? "calibrated" : "raw", stats.windows, stats.faces, stats.detect_ms, stats.landmark_ms,
                  stats.calibrate_ms);
    }
  }
}

}  // namespace
}  // namespace deeptrace::detect::temporal
