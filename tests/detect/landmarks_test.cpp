// Landmarks for LRNet: dlib's 68 points on real faces, upstream LRNet's
// normalisation and calibration, and the windows a video gives.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>

#include <time.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>
#include <opencv2/video/tracking.hpp>

#include "core/errors.hpp"
#include "detect/analysis_hooks.hpp"
#include "detect/temporal/calibration.hpp"
#include "detect/temporal/landmark_windows.hpp"
#include "detect/temporal/landmarks.hpp"
#include "detect/temporal/normalise.hpp"
#include "error_code_of.hpp"
#include "test_clips.hpp"

namespace deeptrace::detect::temporal {
namespace {

using deeptrace::testing::error_code_of;
using deeptrace::testing::test_clips;
using Clock = std::chrono::steady_clock;

// CPU time of the process, ms: the shared build machines are loaded, so wall
// time alone overstates the cost.
double cpu_ms() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
}

// A real face detector without LibTorch: OpenCV's Haar cascade (the
// analyzer's fallback detector), largest face first.
class HaarFaces : public FaceDetector {
 public:
  HaarFaces() { EXPECT_TRUE(cascade_.load("/usr/share/opencv4/haarcascades/haarcascade_frontalface_default.xml")); }
  std::string name() const override { return "haar"; }
  std::vector<cv::Rect> detect(const cv::Mat& bgr) override {
    cv::Mat gray;
    cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
    std::vector<cv::Rect> faces;
    cascade_.detectMultiScale(gray, faces, 1.1, 5, 0, cv::Size(40, 40));
    std::sort(faces.begin(), faces.end(), [](auto& a, auto& b) { return a.area() > b.area(); });
    return faces;
  }

 private:
  cv::CascadeClassifier cascade_;
};

const LandmarkPredictor& predictor() {
  static LandmarkPredictor loaded;
  return loaded;
}

cv::Mat astronaut() { return cv::imread(test_clips().astronaut_png.string(), cv::IMREAD_COLOR); }

double mean_x(const LandmarkPoints& p, int from, int to) {
  double sum = 0;
  for (int i = from; i <= to; ++i) sum += p[i].x;
  return sum / (to - from + 1);
}
double mean_y(const LandmarkPoints& p, int from, int to) {
  double sum = 0;
  for (int i = from; i <= to; ++i) sum += p[i].y;
  return sum / (to - from + 1);
}

TEST(LandmarkPredictor, ChecksTheModelFile) {
  Json info = predictor().info();
  EXPECT_EQ(info["sha256"], kShapePredictorSha256);
  EXPECT_EQ(info["file"], kDefaultShapePredictorFile);
  EXPECT_NE(info["licence"].get<std::string>().find("commercial"), std::string::npos);
  EXPECT_EQ(error_code_of([] { LandmarkPredictor("/nonexistent/shape_predictor.dat"); }), ErrorCode::MODEL_UNAVAILABLE);
  EXPECT_EQ(error_code_of([] { LandmarkPredictor(kDefaultShapePredictorFile, std::string(64, '0')); }),
            ErrorCode::MODEL_UNAVAILABLE)
      << "a file with another sha256 is refused";
}

TEST(LandmarkPredictor, FindsTheFaceInIbugOrder) {
  cv::Mat image = astronaut();
  ASSERT_FALSE(image.empty());
  HaarFaces haar;
  auto faces = haar.detect(image);
  ASSERT_FALSE(faces.empty());
  cv::Rect face = faces[0];
  const LandmarkPredictor& model = predictor();  // loaded before timing
  auto start = Clock::now();
  double cpu_start = cpu_ms();
  LandmarkPoints points;
  for (int i = 0; i < 20; ++i) points = model.predict(image, dlib_box_for(face));
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count() / 20;
  std::printf("dlib 68 points: %.2f ms wall, %.2f ms CPU per face (face %dx%d)\n", ms, (cpu_ms() - cpu_start) / 20,
              face.width, face.height);
  cv::Rect around(face.x - face.width / 5, face.y - face.height / 5, face.width * 7 / 5, face.height * 7 / 5);
  for (int i = 0; i < kLandmarks; ++i) EXPECT_TRUE(around.contains(points[i])) << "point " << i << " " << points[i];
  // iBUG 68: jaw 0-16 from the face's right (image left) to its left, chin 8
  // lowest; brows 17-26 above eyes 36-47; nose tip 30 between eyes and mouth 48-67.
  EXPECT_LT(points[0].x, points[8].x);
  EXPECT_LT(points[8].x, points[16].x);
  EXPECT_GT(points[8].y, mean_y(points, 48, 67)) << "chin below the mouth";
  EXPECT_LT(mean_y(points, 17, 26), mean_y(points, 36, 47)) << "brows above the eyes";
  EXPECT_LT(mean_y(points, 36, 47), points[30].y) << "eyes above the nose tip";
  EXPECT_LT(points[30].y, mean_y(points, 48, 67)) << "nose tip above the mouth";
  EXPECT_LT(mean_x(points, 36, 41), mean_x(points, 42, 47)) << "the face's right eye on the image's left";
  EXPECT_GT(mean_y(points, 0, 16), mean_y(points, 36, 47)) << "jaw below the eyes";
}

// Points of a 100 x 80 rectangle's outline at (100,150)-(200,230).
LandmarkPoints rectangle_shape(cv::Point2f shift = {0, 0}) {
  LandmarkPoints p;
  for (int i = 0; i < kLandmarks; ++i) p[i] = cv::Point2f(100 + (i % 2) * 100, 150 + (i % 3 == 0) * 80) + shift;
  return p;
}

TEST(Normalise, MatchesHandComputedValues) {
  // Extent 100 x 80: size 100; box side int(1.2 x 100) even = 120, centred
  // on (150, 190): (90, 130) to (210, 250).
  std::vector<LandmarkPoints> shapes{rectangle_shape(), rectangle_shape()};
  auto boxes = face_boxes(shapes, cv::Size(640, 480));
  ASSERT_EQ(boxes.size(), 2u);
  EXPECT_EQ(boxes[0], cv::Rect(90, 130, 120, 120));
  LandmarkPoints in_box = in_face_box(shapes[0], boxes[0]);
  // Point 0 (100,230) - (90,130) = (10,100), x 400/120 = (33.3, 333.3) -> (33, 333).
  EXPECT_EQ(in_box[0], cv::Point2f(33, 333));
  // Point 1 (200,150): (110,20) x 400/120 = (366.7, 66.7) -> (367, 67).
  EXPECT_EQ(in_box[1], cv::Point2f(367, 67));
  LandmarkRow row = normalised_row(in_box);
  EXPECT_FLOAT_EQ(row[0], (33 - 200) / 200.0f);
  EXPECT_FLOAT_EQ(row[1], (333 - 200) / 200.0f);
  EXPECT_FLOAT_EQ(row[2], (367 - 200) / 200.0f);
  EXPECT_FLOAT_EQ(row[3], (67 - 200) / 200.0f);
}

TEST(Normalise, HoldsTheCentreAgainstJitterAndClipsAtTheEdge) {
  std::vector<LandmarkPoints> shapes{rectangle_shape(), rectangle_shape({1, 1}), rectangle_shape({4, 0})};
  auto boxes = face_boxes(shapes, cv::Size(640, 480));
  EXPECT_EQ(boxes[1].tl(), boxes[0].tl()) << "a 1.4 px move keeps the centre";
  EXPECT_EQ(boxes[2].tl(), cv::Point(94, 130)) << "a 4 px move moves it";
  auto clipped = face_boxes({rectangle_shape()}, cv::Size(200, 480));
  EXPECT_EQ(clipped[0], cv::Rect(90, 130, 110, 110)) << "square, shrunk to the right edge";
}

TEST(Normalise, ReplacesJumpsByThePreviousFrame) {
  auto kept = without_jumps({rectangle_shape(), rectangle_shape({80, 0}), rectangle_shape({3, 0})});
  EXPECT_EQ(kept[1], kept[0]) << "moved by 80% of the face";
  EXPECT_EQ(kept[2], rectangle_shape({3, 0}));
}

// The astronaut's face: dlib's landmarks on it (the truth the calibration
// tests perturb) and the face box they give.
struct AstronautFace {
  cv::Mat image;
  LandmarkPoints truth;
  cv::Rect box;
};
AstronautFace astronaut_face() {
  cv::Mat image = astronaut();
  HaarFaces haar;
  cv::Rect face = haar.detect(image).at(0);
  LandmarkPoints truth = predictor().predict(image, dlib_box_for(face));
  return {image, truth, face_boxes({truth}, image.size()).at(0)};
}

// The astronaut's face crop, 31 times, with the true landmarks plus up to
// 2 px of detection noise: calibration must remove most of the jitter.
TEST(Calibration, ReducesJitterOnAStillFace) {
  auto [image, truth, box] = astronaut_face();
  cv::Mat crop = face_crop(image, box);
  LandmarkPoints truth_in_crop = in_face_box(truth, box);
  std::mt19937 random(14);
  std::uniform_int_distribution<int> noise(-2, 2);
  std::vector<cv::Mat> crops(kBlockFrames + 1, crop);
  std::vector<LandmarkPoints> noisy;
  for (int f = 0; f <= kBlockFrames; ++f) {
    LandmarkPoints p = truth_in_crop;
    for (auto& point : p) point += cv::Point2f(noise(random), noise(random));
    noisy.push_back(p);
  }
  auto start = Clock::now();
  double cpu_start = cpu_ms();
  std::vector<LandmarkPoints> calibrated = calibrate_landmarks(crops, noisy);
  double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  std::printf("calibration (optical flow and merging): %.2f ms wall, %.2f ms CPU per frame\n", ms / kBlockFrames,
              (cpu_ms() - cpu_start) / kBlockFrames);
  ASSERT_EQ(calibrated.size(), noisy.size());
  auto motion = [](const std::vector<LandmarkPoints>& track) {  // mean point motion per frame, px
    double sum = 0;
    for (size_t f = 1; f < track.size(); ++f)
      for (int i = 0; i < kLandmarks; ++i) sum += cv::norm(track[f][i] - track[f - 1][i]);
    return sum / ((track.size() - 1) * kLandmarks);
  };
  double raw = motion(noisy), smoothed = motion(calibrated);
  std::printf("mean motion per frame: raw %.2f px, calibrated %.2f px\n", raw, smoothed);
  EXPECT_GT(raw, 1.5);
  EXPECT_LT(smoothed, raw / 3) << "calibrated landmarks jitter much less";
}

// Upstream LRNet's calibration step as its demo writes it (landmark_utils.py,
// check_and_merge: Lucas-Kanade both ways, then the hand-written per-point
// variance update), reimplemented here independently of calibration.cpp,
// which uses cv::KalmanFilter for the update.
std::vector<LandmarkPoints> upstream_calibration(const std::vector<cv::Mat>& crops,
                                                 const std::vector<LandmarkPoints>& detected) {
  std::vector<LandmarkPoints> out{detected[0]};
  std::vector<double> variance(kLandmarks, 0.0);
  cv::TermCriteria stop(cv::TermCriteria::COUNT | cv::TermCriteria::EPS, 10, 0.03);
  auto round = [](cv::Point2f p) { return cv::Point2f(std::nearbyint(p.x), std::nearbyint(p.y)); };
  for (size_t i = 0; i + 1 < crops.size(); ++i) {
    std::vector<cv::Point2f> start(out[i].begin(), out[i].end()), target(detected[i + 1].begin(), detected[i + 1].end());
    std::vector<cv::Point2f> ahead = target, back = start;
    std::vector<uchar> found_ahead, found_back;
    std::vector<float> error;
    cv::calcOpticalFlowPyrLK(crops[i], crops[i + 1], start, ahead, found_ahead, error, {15, 15}, 3, stop,
                             cv::OPTFLOW_USE_INITIAL_FLOW);
    cv::calcOpticalFlowPyrLK(crops[i + 1], crops[i], ahead, back, found_back, error, {15, 15}, 3, stop,
                             cv::OPTFLOW_USE_INITIAL_FLOW);
    LandmarkPoints merged = detected[i + 1];
    for (int p = 0; p < kLandmarks; ++p) {
      cv::Point2f tracked = round(ahead[p]);
      if (!found_ahead[p] || !found_back[p] || cv::norm(round(back[p]) - start[p]) > 2) continue;
      double moved = cv::norm(tracked - start[p]);
      double noise = cv::norm(target[p] - detected[i][p]) / (moved == 0 ? 1 : moved);
      variance[p] += 0.3;
      double gain = variance[p] / (variance[p] + noise);
      merged[p] = cv::Point2f(std::trunc(tracked.x + gain * (target[p].x - tracked.x)),
                              std::trunc(tracked.y + gain * (target[p].y - tracked.y)));
      variance[p] *= 1 - gain;
    }
    out.push_back(merged);
  }
  return out;
}

// Calibration gives upstream's points exactly, on a real face that moves and
// whose detections jitter.
TEST(Calibration, IsUpstreamsCalibration) {
  auto [image, truth, box] = astronaut_face();
  std::mt19937 random(7);
  std::uniform_int_distribution<int> noise(-2, 2);
  std::vector<cv::Mat> crops;
  std::vector<LandmarkPoints> detected;
  for (int f = 0; f <= kBlockFrames; ++f) {
    double dx = 1.5 * f, dy = 0.5 * f;  // a slow drift, not whole pixels
    cv::Mat moved;
    cv::warpAffine(face_crop(image, box), moved, cv::Mat_<double>({2, 3}, {1, 0, dx, 0, 1, dy}), cv::Size(400, 400));
    crops.push_back(moved);
    LandmarkPoints p = in_face_box(truth, box);
    for (auto& point : p) point += cv::Point2f(std::round(dx) + noise(random), std::round(dy) + noise(random));
    detected.push_back(p);
  }
  std::vector<LandmarkPoints> ours = calibrate_landmarks(crops, detected), theirs = upstream_calibration(crops, detected);
  ASSERT_EQ(ours.size(), theirs.size());
  int changed = 0;
  for (size_t f = 0; f < ours.size(); ++f)
    for (int p = 0; p < kLandmarks; ++p) {
      EXPECT_EQ(ours[f][p], theirs[f][p]) << "frame " << f << " point " << p;
      changed += ours[f][p] != detected[f][p];
    }
  EXPECT_GT(changed, kBlockFrames * kLandmarks / 2) << "the filter moved most points off their detections";
}

TEST(Calibration, FollowsRealMotion) {
  // The face slides 3 px right per frame; detections are exact. The flow
  // agrees with them, so calibration keeps the motion.
  auto [image, truth, box] = astronaut_face();
  std::vector<cv::Mat> crops;
  std::vector<LandmarkPoints> detected;
  for (int f = 0; f < 10; ++f) {
    cv::Mat shifted;
    cv::warpAffine(face_crop(image, box), shifted, cv::Mat_<double>({2, 3}, {1, 0, 3.0 * f, 0, 1, 0}), cv::Size(400, 400));
    crops.push_back(shifted);
    LandmarkPoints p = in_face_box(truth, box);
    for (auto& point : p) point.x += 3 * f;
    detected.push_back(p);
  }
  auto calibrated = calibrate_landmarks(crops, detected);
  for (int i = 0; i < kLandmarks; ++i) EXPECT_NEAR(calibrated.back()[i].x, detected.back()[i].x, 1.0) << i;
}

TEST(LandmarkWindows, FromAVideoOfAStillFace) {
  LandmarkExtractor extractor;
  HaarFaces haar;
  LandmarkStats stats;
  auto windows = extractor.extract(test_clips().astronaut_mp4, haar, nullptr, &stats);  // 3 s: room for 2 windows
  ASSERT_EQ(windows.size(), 2u);
  for (const FaceWindow& w : windows) {
    EXPECT_EQ(w.landmarks.track, -1);
    ASSERT_EQ(w.landmarks.rows.size(), static_cast<size_t>(kBlockFrames + 1));
    EXPECT_NEAR(w.landmarks.t_end - w.landmarks.t_start, kBlockFrames / 25.0, 1e-3);
    EXPECT_GE(w.middle_t, w.landmarks.t_start);
    EXPECT_LE(w.middle_t, w.landmarks.t_end);
    for (const auto& row : w.landmarks.rows)
      for (float v : row) {
        EXPECT_GE(v, -1.0f);
        EXPECT_LE(v, 1.0f);
      }
    // A still picture (lossy H.264): the calibrated landmarks barely move.
    // One pixel of the frame is about 3 px of the 400 px crop here (0.017).
    double motion = 0;
    for (size_t f = 1; f < w.landmarks.rows.size(); ++f)
      for (int v = 0; v < kLandmarkValues; ++v) motion += std::abs(w.landmarks.rows[f][v] - w.landmarks.rows[f - 1][v]);
    motion /= kBlockFrames * kLandmarkValues;
    std::printf("still face: mean motion %.4f per frame\n", motion);
    EXPECT_LT(motion, 0.005);
  }
  EXPECT_EQ(windows[0].window, 0);
  EXPECT_EQ(windows[1].window, 1);
  EXPECT_EQ(stats.windows, 2);
  EXPECT_EQ(stats.faces, 2);
}

// extract() keeps only the part of each frame around its faces for the
// calibration crops: the rows must be those from crops of the whole frames
// (crop_region_scale 0 decodes the window again for every face's crops).
TEST(LandmarkWindows, CropsFromThePartsKeptAreThoseOfTheWholeFrames) {
  HaarFaces haar;
  LandmarkStats parts_stats, whole_stats;
  auto from_parts = LandmarkExtractor().extract(test_clips().megamind_mp4, haar, nullptr, &parts_stats);
  LandmarkOptions whole_frames;
  whole_frames.crop_region_scale = 0;
  auto from_whole = LandmarkExtractor(whole_frames).extract(test_clips().megamind_mp4, haar, nullptr, &whole_stats);
  ASSERT_FALSE(from_parts.empty());
  ASSERT_EQ(from_parts.size(), from_whole.size());
  for (size_t w = 0; w < from_parts.size(); ++w) {
    EXPECT_EQ(from_parts[w].window, from_whole[w].window);
    EXPECT_EQ(from_parts[w].middle_box, from_whole[w].middle_box);
    EXPECT_EQ(from_parts[w].landmarks.rows, from_whole[w].landmarks.rows) << "face window " << w;
  }
  EXPECT_EQ(whole_stats.crops_decoded_again, whole_stats.faces);
  EXPECT_LT(parts_stats.crops_decoded_again, parts_stats.faces) << "the parts kept hold most crops";
  std::printf("Megamind: %d of %d face windows decoded a third time for their crops\n", parts_stats.crops_decoded_again,
              parts_stats.faces);
}

// The frames of the windows that gave faces are counted, and those of them
// that decoded only in part (the report warns of them): damaged.mp4 is
// Megamind with its middle third damaged.
TEST(LandmarkWindows, CountTheFramesThatDecodedOnlyInPart) {
  HaarFaces haar;
  LandmarkStats whole, damaged;
  auto from_whole = LandmarkExtractor().extract(test_clips().megamind_mp4, haar, nullptr, &whole);
  auto from_damaged = LandmarkExtractor().extract(test_clips().damaged_mp4, haar, nullptr, &damaged);
  ASSERT_FALSE(from_whole.empty());
  ASSERT_FALSE(from_damaged.empty());
  EXPECT_GE(whole.frames, kBlockFrames + 1);
  EXPECT_EQ(whole.frames % (kBlockFrames + 1), 0) << "whole windows";
  EXPECT_EQ(whole.damaged_frames, 0);
  EXPECT_GT(damaged.damaged_frames, 0);
  EXPECT_LT(damaged.damaged_frames, damaged.frames) << "the first and last thirds are whole";
}

TEST(LandmarkWindows, NoneForAFaceOutsideThePicture) {
  LandmarkExtractor extractor;
  std::vector<media::Frame> frames(kBlockFrames + 1);
  for (auto& frame : frames) frame.bgr = astronaut();  // 512 x 512
  std::vector<cv::Rect> boxes(frames.size(), cv::Rect(600, 100, 100, 100));
  EXPECT_FALSE(extractor.landmarks_for(frames, boxes).has_value());
  HaarFaces haar;
  boxes.assign(frames.size(), haar.detect(frames[0].bgr).at(0));
  auto window = extractor.landmarks_for(frames, boxes);
  ASSERT_TRUE(window.has_value());
  EXPECT_EQ(window->rows.size(), frames.size());
}

TEST(LandmarkWindows, NoneWithoutAFace) {
  LandmarkExtractor extractor;
  HaarFaces haar;
  EXPECT_TRUE(extractor.extract(test_clips().testsrc_mp4, haar).empty());
}

// A face seen only in the second half of a clip (black until 3.5 s of 6):
// the one planned window, around 3 s, shows it on its last frames only, too
// few to follow; a spare window later in the clip finds it.
TEST(LandmarkWindows, ASpareWindowFindsAFaceSeenOnlyLate) {
  const auto clip = test_clips().late_face_mp4;
  HaarFaces haar;
  LandmarkOptions one_window;
  one_window.sampling.windows = 1;
  LandmarkExtractor extractor(one_window);
  // What the visual section saw: 32 frames, a face from 3.5 s on.
  std::vector<FrameSeen> seen, none_seen;
  for (int i = 0; i < 32; ++i) {
    double t = (i + 0.5) * 6.0 / 32;
    seen.push_back({t, t > 3.5});
    none_seen.push_back({t, false});
  }
  LandmarkStats stats;
  auto windows = extractor.extract(clip, haar, nullptr, &stats, [&] { return std::optional(seen); });
  ASSERT_EQ(windows.size(), 1u);
  EXPECT_GT(windows[0].landmarks.t_start, 3.5);
  EXPECT_EQ(windows[0].landmarks.rows.size(), static_cast<size_t>(kBlockFrames + 1));
  EXPECT_EQ(stats.windows, 2) << "the planned window, then one spare where the faces were";

  LandmarkStats spread;
  windows = extractor.extract(clip, haar, nullptr, &spread);
  ASSERT_EQ(windows.size(), 1u) << "no word from the visual section: spares spread evenly";
  EXPECT_GT(windows[0].landmarks.t_start, 3.5);
  EXPECT_EQ(spread.windows, 3) << "the planned window, then both spares in time order (the first is dark too)";

  LandmarkStats faceless;
  EXPECT_TRUE(extractor.extract(clip, haar, nullptr, &faceless, [&] { return std::optional(none_seen); }).empty());
  EXPECT_EQ(faceless.windows, 1) << "no face seen anywhere: no spare";
  one_window.spare_windows = 0;
  EXPECT_TRUE(LandmarkExtractor(one_window).extract(clip, haar).empty());
}

TEST(SpareTimes, AreTheMiddlesOfRunsOfFacesLongestFirst) {
  std::vector<FrameSeen> seen;
  for (int i = 0; i < 12; ++i) seen.push_back({i * 1.0, i == 1 || (i >= 4 && i <= 8) || i == 10 || i == 11});
  EXPECT_EQ(spare_times(seen), (std::vector<double>{6.0, 11.0, 1.0}));
  EXPECT_TRUE(spare_times({{0.0, false}, {1.0, false}}).empty());
}

TEST(LandmarkWindows, StopWhenAsked) {
  LandmarkExtractor extractor;
  HaarFaces haar;
  std::atomic<bool> stop{true};
  EXPECT_THROW(extractor.extract(test_clips().astronaut_mp4, haar, &stop), AnalysisInterrupted);
}

TEST(LandmarkWindows, MatchVisualTracksByTheMiddleBox) {
  FaceWindow window;
  window.middle_t = 2.0;
  window.middle_box = cv::Rect(100, 100, 50, 50);
  std::vector<FaceWindow> windows{window, window};
  windows[1].middle_box = cv::Rect(400, 100, 50, 50);
  std::vector<FrameFaces> frames{{1.9, {{cv::Rect(104, 98, 50, 52), 0}, {cv::Rect(600, 300, 40, 40), 1}}},
                                 {5.0, {{cv::Rect(400, 100, 50, 50), 2}}}};
  std::vector<Track> tracks{{7, {{0, 0}}}, {8, {{0, 1}, {1, 0}}}};
  assign_visual_tracks(windows, frames, tracks);
  EXPECT_EQ(windows[0].landmarks.track, 7);
  EXPECT_EQ(windows[1].landmarks.track, -1) << "the matching box is 3 s away";
}

// Faces the visual section's second opinion set aside are not scored over
// time either; windows on a visual track, and untracked ones elsewhere, stay.
TEST(LandmarkWindows, LeaveOutFacesTheVisualSectionSetAside) {
  FaceWindow window;
  window.middle_t = 2.0;
  window.middle_box = cv::Rect(100, 100, 50, 50);
  std::vector<FaceWindow> windows{window, window, window, window};
  windows[1].landmarks.track = 3;                       // on a visual track
  windows[2].middle_box = cv::Rect(400, 100, 50, 50);   // elsewhere in the picture
  windows[3].middle_t = 6.0;                            // the same place, 4 s later
  std::vector<FrameFaces> set_aside{{1.9, {{cv::Rect(104, 98, 50, 52), 0}}}, {4.0, {}}};
  EXPECT_EQ(leave_out_set_aside_faces(windows, set_aside), 1);
  ASSERT_EQ(windows.size(), 3u);
  EXPECT_EQ(windows[0].landmarks.track, 3);
  EXPECT_EQ(windows[1].middle_box.x, 400);
  EXPECT_EQ(windows[2].middle_t, 6.0);
}

// Per-stage cost on Megamind (720x528, faces in most frames). Prints figures.
TEST(LandmarkWindows, CostOnMegamind) {
  LandmarkExtractor extractor;
  HaarFaces haar;
  LandmarkStats stats;
  auto start = Clock::now();
  double cpu_start = cpu_ms();
  auto windows = extractor.extract(test_clips().megamind_mp4, haar, nullptr, &stats);
  double total = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  std::printf("Megamind: CPU %.0f ms\n", cpu_ms() - cpu_start);
  EXPECT_GE(windows.size(), 1u);
  int frames = stats.faces * (kBlockFrames + 1);
  std::printf("Megamind K=4: %d windows, %d face windows, total %.0f ms; decode %.0f ms, detect %.0f ms, "
              "dlib %.0f ms (%.2f ms/frame), calibration %.0f ms (%.2f ms/frame)\n",
              stats.windows, stats.faces, total, stats.decode_ms, stats.detect_ms, stats.landmark_ms,
              stats.landmark_ms / std::max(1, frames), stats.calibrate_ms, stats.calibrate_ms / std::max(1, frames));
}

}  // namespace
}  // namespace deeptrace::detect::temporal
