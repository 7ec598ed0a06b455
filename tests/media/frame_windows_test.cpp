// Consecutive-frame windows (media/frame_windows.hpp) on generated clips
// whose frames say which frame they are.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include <time.h>

#include <opencv2/imgcodecs.hpp>

#include "media/frame_windows.hpp"
#include "picture_difference.hpp"
#include "test_clips.hpp"

namespace deeptrace::media {
namespace {

namespace fs = std::filesystem;
using testing::ffmpeg;
using testing::mean_difference;
using testing::quoted;
using testing::reference_png;
using testing::test_clips;

constexpr double kRate = 25;

// Lossless H.264 with B-frames and a keyframe every 2 s, so windows need a
// seek and forward decoding (no scene-cut keyframes). Each frame shows its number N: the left half
// has luma 16 + 8 * (N mod 25), the right half 16 + 8 * floor(N / 25).
// counter-gap.mp4: 4 s with frame 40 dropped (the others keep their times).
fs::path counter_clip(const std::string& name) {
  fs::path dir = testing::generated_once("frame-windows-v3", [](const fs::path& d) {
    const std::string counter = "format=yuv420p,geq=lum='if(lt(X,W/2),16+8*mod(N,25),16+8*floor(N/25))':cb=128:cr=128";
    const std::string x264 = " -c:v libx264 -preset veryfast -qp 0 -g 50 -sc_threshold 0 -bf 2 -pix_fmt yuv420p ";
    for (auto [file, length] : {std::pair{"counter-10s.mp4", 10.0}, std::pair{"counter-20frames.mp4", 0.8}})
      ffmpeg("-f lavfi -i color=black:size=160x120:rate=25:duration=" + std::to_string(length) + " -vf \"" + counter +
             "\"" + x264 + quoted(d / file));
    ffmpeg("-f lavfi -i color=black:size=160x120:rate=25:duration=4 -vf \"" + counter +
           ",select='not(eq(n\\,40))'\" -fps_mode passthrough" + x264 + quoted(d / "counter-gap.mp4"));
  });
  return dir / name;
}

// The frame number a counter_clip frame shows (BGR: limited-range luma,
// scaled by 255 / 219).
int counter_of(const cv::Mat& bgr) {
  auto level = [&](int x) { return (bgr.at<cv::Vec3b>(bgr.rows / 2, x)[1] / (255.0 / 219.0)) / 8.0; };
  return static_cast<int>(std::lround(level(bgr.cols / 4))) + 25 * static_cast<int>(std::lround(level(3 * bgr.cols / 4)));
}

std::vector<FrameWindow> windows_of(const fs::path& file, WindowSampleOptions options, WindowSampleStats* stats = nullptr) {
  std::vector<FrameWindow> out;
  int delivered = sample_frame_windows(file, options, [&](FrameWindow&& w) {
    out.push_back(std::move(w));
    return WindowUse::Used;
  }, stats);
  EXPECT_EQ(delivered, static_cast<int>(out.size()));
  return out;
}

TEST(WindowStarts, SpreadWindowsOverTheVideoWithoutOverlap) {
  auto starts = window_starts(10.0, 25, 4, 31);
  ASSERT_EQ(starts.size(), 4u);
  double span = 31 / 25.0;
  for (int i = 0; i < 4; ++i) EXPECT_NEAR(starts[i], (i + 0.5) * 2.5 - span / 2, 1e-9) << i;
  // 3 s = 75 frames hold only two windows of 31.
  auto few = window_starts(3.0, 25, 4, 31);
  ASSERT_EQ(few.size(), 2u);
  EXPECT_GE(few[1], few[0] + span);
  EXPECT_LE(few[1] + span, 3.0 - 1 / 25.0 + 1e-9) << "a frame's margin before the end";
  EXPECT_TRUE(window_starts(0.8, 25, 4, 31).empty()) << "20 frames hold no window of 31";
  EXPECT_EQ(window_starts(31 / 25.0, 25, 4, 31), std::vector<double>{0.0});
}

TEST(FrameWindows, AreRunsOfConsecutiveFramesAtTheirStartTimes) {
  fs::path clip = counter_clip("counter-10s.mp4");
  WindowSampleStats stats;
  auto windows = windows_of(clip, {.windows = 4, .frames_per_window = 31, .keyframe_lead_s = 0}, &stats);
  ASSERT_EQ(windows.size(), 4u);
  auto starts = window_starts(10.0, kRate, 4, 31);
  for (size_t w = 0; w < windows.size(); ++w) {
    const auto& frames = windows[w].frames;
    EXPECT_EQ(windows[w].index, static_cast<int>(w));
    ASSERT_EQ(frames.size(), 31u);
    int first = static_cast<int>(std::lround(frames[0].t * kRate));
    EXPECT_NEAR(frames[0].t, starts[w], 0.5 / kRate + 1e-6) << "window " << w;
    for (size_t i = 0; i < frames.size(); ++i) {
      EXPECT_EQ(frames[i].index, static_cast<int>(i));
      EXPECT_NEAR(frames[i].t, (first + static_cast<int>(i)) / kRate, 1e-3) << "window " << w << " frame " << i;
      EXPECT_EQ(counter_of(frames[i].bgr), first + static_cast<int>(i)) << "window " << w << " frame " << i;
      EXPECT_EQ(frames[i].bgr.size(), cv::Size(160, 120));
    }
  }
  // Each window seeks to the keyframe before it (every 2 s): at most 50 + 31
  // frames decoded per window.
  EXPECT_LE(stats.decoded_frames, 4 * (50 + 31));
}

TEST(FrameWindows, StartAtTheKeyframeBeforeThemToSaveDecoding) {
  // Planned starts 0.63, 3.13, 5.63, 8.13 s; keyframes every 2 s.
  WindowSampleStats stats;
  auto windows = windows_of(counter_clip("counter-10s.mp4"), {.windows = 4}, &stats);
  ASSERT_EQ(windows.size(), 4u);
  int expected_first[] = {0, 50, 100, 200};
  for (size_t w = 0; w < windows.size(); ++w) {
    ASSERT_EQ(windows[w].frames.size(), 31u);
    for (size_t i = 0; i < 31; ++i)
      EXPECT_EQ(counter_of(windows[w].frames[i].bgr), expected_first[w] + static_cast<int>(i)) << w << " " << i;
  }
  EXPECT_EQ(stats.decoded_frames, 4 * 31) << "nothing decoded in vain";
}

TEST(FrameWindows, NeverSpanAMissingFrame) {
  // One window planned from 1.38 s (frame 35); frame 40 is missing, so the
  // run starts again at frame 41.
  auto windows = windows_of(counter_clip("counter-gap.mp4"), {.windows = 1, .keyframe_lead_s = 0});
  ASSERT_EQ(windows.size(), 1u);
  ASSERT_EQ(windows[0].frames.size(), 31u);
  for (size_t i = 0; i < 31; ++i) {
    EXPECT_EQ(counter_of(windows[0].frames[i].bgr), 41 + static_cast<int>(i)) << i;
    EXPECT_EQ(windows[0].frames[i].index, static_cast<int>(i));
  }
}

// A container whose first seek fails and leaves the demuxer at its end
// (test_clips.hpp) is decoded forward from its start. (Megamind runs at
// 23.976 frames a second; Matroska keeps times to the millisecond.)
TEST(FrameWindows, AreCutFromAContainerThatCannotSeek) {
  std::vector<std::vector<double>> times, times_again;
  sample_frame_windows(test_clips().untimed_start_mkv, {.windows = 2, .pictured = [](int) { return false; }},
                       [&](FrameWindow&& window) {
                         times.emplace_back();
                         for (const Frame& frame : window.frames) times.back().push_back(frame.t);
                         times_again.emplace_back();
                         window.decode_again([&](Frame&& frame) { times_again.back().push_back(frame.t); });
                         return WindowUse::Used;
                       });
  ASSERT_EQ(times.size(), 2u);
  for (size_t w = 0; w < times.size(); ++w) {
    ASSERT_EQ(times[w].size(), 31u);
    for (size_t i = 1; i < times[w].size(); ++i)
      EXPECT_NEAR(times[w][i] - times[w][i - 1], 1001 / 24000.0, 1e-3) << "window " << w;
    EXPECT_EQ(times_again[w], times[w]) << "decoded again: window " << w;
  }
  EXPECT_GT(times[1].front(), times[0].back());
}

// Landmarks are followed from frame to frame: a window's frames are the top
// field of each interlaced frame, scaled to the full height (read whole,
// this clip's frames are combed: mean difference from the picture about 78
// of 255; about 6 as fields).
TEST(FrameWindows, AreTheTopFieldsOfAnInterlacedVideo) {
  cv::Mat picture = cv::imread(reference_png(test_clips().yuv444p_mp4).string(), cv::IMREAD_COLOR);
  auto windows = windows_of(test_clips().interlaced_mp4, {.windows = 1, .frames_per_window = 8});
  ASSERT_EQ(windows.size(), 1u);
  for (const Frame& frame : windows[0].frames) {
    ASSERT_EQ(frame.bgr.size(), cv::Size(320, 256));
    EXPECT_LT(mean_difference(frame.bgr, picture), 8.0) << "frame at " << frame.t << " s";
  }
}

// HEVC coded field by field: a window's frames are its top fields, one per
// frame (25 a second), stretched to the full height; with the bottom ones
// between them, the picture would jump by a row at every field.
TEST(FrameWindows, AreTheTopFieldsOfHevcCodedFieldByField) {
  cv::Mat picture = cv::imread(reference_png(test_clips().yuv444p_mp4).string(), cv::IMREAD_COLOR);
  auto windows = windows_of(test_clips().hevc_fields_mp4, {.windows = 1, .frames_per_window = 8});
  ASSERT_EQ(windows.size(), 1u);
  const auto& frames = windows[0].frames;
  ASSERT_EQ(frames.size(), 8u);
  for (size_t i = 0; i < frames.size(); ++i) {
    ASSERT_EQ(frames[i].bgr.size(), cv::Size(320, 256));
    EXPECT_LT(mean_difference(frames[i].bgr, picture), 8.0) << "frame at " << frames[i].t << " s";
    if (i > 0) {
      EXPECT_NEAR(frames[i].t - frames[i - 1].t, 0.04, 1e-3) << "frame " << i;
    }
  }
}

// HEVC frames that only the container calls interlaced: their top fields,
// as for H.264.
TEST(FrameWindows, AreTheTopFieldsOfHevcFramesTheContainerCallsInterlaced) {
  cv::Mat picture = cv::imread(reference_png(test_clips().yuv444p_mp4).string(), cv::IMREAD_COLOR);
  auto windows = windows_of(test_clips().hevc_interlaced_mp4, {.windows = 1, .frames_per_window = 8});
  ASSERT_EQ(windows.size(), 1u);
  for (const Frame& frame : windows[0].frames) {
    EXPECT_LT(mean_difference(frame.bgr, picture), 8.0) << "frame at " << frame.t << " s";
  }
}

// A window's frames say which decoded only in part, as the sampler's do
// (the report warns of them): damaged.mp4's middle third is damaged.
TEST(FrameWindows, MarkTheFramesThatDecodedOnlyInPart) {
  auto damaged_in_middle_window = [](const fs::path& file) {
    auto windows = windows_of(file, {.windows = 1, .frames_per_window = 31});
    EXPECT_EQ(windows.size(), 1u) << file;
    int damaged = 0;
    for (const FrameWindow& window : windows)
      for (const Frame& frame : window.frames) damaged += frame.damaged;
    return damaged;
  };
  EXPECT_GT(damaged_in_middle_window(test_clips().damaged_mp4), 0);
  EXPECT_EQ(damaged_in_middle_window(test_clips().megamind_mp4), 0) << "the same clip, whole";
}

TEST(FrameWindows, AClipShorterThanAWindowGivesNone) {
  EXPECT_TRUE(windows_of(counter_clip("counter-20frames.mp4"), {}).empty());
  EXPECT_TRUE(windows_of(test_clips().jpeg, {}).empty()) << "a still image has no motion";
}

TEST(FrameWindows, FewerWindowsWhenTheyWouldOverlap) {
  // 3 s of the astronaut: 75 frames, room for two windows of 31.
  auto windows = windows_of(test_clips().astronaut_mp4, {.windows = 8});
  ASSERT_EQ(windows.size(), 2u);
  EXPECT_GT(windows[1].frames.front().t, windows[0].frames.back().t);
}

WindowPlan plan_of(double duration_s, int windows, int frames_per_window = 31) {
  return {duration_s, kRate, frames_per_window, window_starts(duration_s, kRate, windows, frames_per_window)};
}

// Spares spread evenly over the video, for the consumer that knows nothing better.
std::function<std::vector<double>(const WindowPlan&)> even_spares(int count) {
  return [count](const WindowPlan& plan) { return spare_window_starts(plan, count); };
}

TEST(WindowStarts, EvenSparesLieWhereNoPlannedWindowIs) {
  double span = 31 / kRate;
  auto spares = spare_window_starts(plan_of(10.0, 1), 2);
  ASSERT_EQ(spares.size(), 2u);
  EXPECT_NEAR(spares[0], 10.0 / 6 - span / 2, 1e-9);
  EXPECT_NEAR(spares[1], 50.0 / 6 - span / 2, 1e-9);
  EXPECT_EQ(spare_window_starts(plan_of(10.0, 1), 1).size(), 1u);
  EXPECT_TRUE(spare_window_starts(plan_of(10.0, 1), 0).empty());
  // 2 s hold one window of 31 frames: no room for a spare beside it.
  EXPECT_TRUE(spare_window_starts(plan_of(2.0, 1), 2).empty());
}

TEST(WindowStarts, WindowsAroundGivenTimesKeepClearOfOthers) {
  double span = 31 / kRate;
  WindowPlan plan = plan_of(10.0, 1);  // planned from 4.38 s
  // 5.0 s would overlap the planned window, 8.0 s the one at 7.9 s, and
  // 9.9 s is clamped to end a frame before the video does.
  auto starts = window_starts_around(plan, {5.0, 7.9, 8.0, 1.0, 9.9}, 3);
  ASSERT_EQ(starts.size(), 3u);
  EXPECT_NEAR(starts[0], 7.9 - span / 2, 1e-9);
  EXPECT_NEAR(starts[1], 1.0 - span / 2, 1e-9);
  EXPECT_NEAR(starts[2], 10.0 - span - 1 / kRate, 1e-9);
  EXPECT_EQ(window_starts_around(plan, {1.0, 7.9, 9.9}, 1).size(), 1u);
  EXPECT_TRUE(window_starts_around(plan, {}, 2).empty());
}

// The windows one sampling delivered: their first frames' counters.
std::vector<int> first_counters(const std::vector<FrameWindow>& windows) {
  std::vector<int> out;
  for (const FrameWindow& w : windows) out.push_back(counter_of(w.frames.front().bgr));
  return out;
}

TEST(FrameWindows, SparesReplaceWindowsTheConsumerCouldNotUse) {
  fs::path clip = counter_clip("counter-10s.mp4");
  WindowSampleOptions options{.windows = 1, .keyframe_lead_s = 0, .spare_starts = even_spares(2)};
  // Planned from 4.38 s, spares from 1.05 s and 7.71 s.
  std::vector<double> starts = window_starts(10.0, kRate, 1, 31);
  for (double spare : spare_window_starts(plan_of(10.0, 1), 2)) starts.push_back(spare);
  ASSERT_EQ(starts.size(), 3u);
  for (int empty : {0, 1, 2, 3}) {
    std::vector<FrameWindow> delivered;
    sample_frame_windows(clip, options, [&](FrameWindow&& w) {
      EXPECT_EQ(w.frames.size(), 31u);
      for (size_t i = 1; i < w.frames.size(); ++i)
        EXPECT_EQ(counter_of(w.frames[i].bgr), counter_of(w.frames[0].bgr) + static_cast<int>(i));
      EXPECT_EQ(w.index, static_cast<int>(delivered.size()));
      delivered.push_back(std::move(w));
      return static_cast<int>(delivered.size()) <= empty ? WindowUse::Empty : WindowUse::Used;
    });
    std::vector<int> firsts = first_counters(delivered);
    ASSERT_EQ(firsts.size(), std::min<size_t>(3, empty + 1)) << empty << " windows of no use";
    for (size_t w = 0; w < firsts.size(); ++w) EXPECT_NEAR(firsts[w], starts[w] * kRate, 0.5 + 1e-6) << w;
  }
  options.spare_starts = nullptr;
  EXPECT_EQ(windows_of(clip, options).size(), 1u);
  // Spares are asked for only when a window was of no use.
  int asked = 0;
  options.spare_starts = [&](const WindowPlan& plan) {
    ++asked;
    return spare_window_starts(plan, 2);
  };
  EXPECT_EQ(windows_of(clip, options).size(), 1u);
  EXPECT_EQ(asked, 0);
}

// A spare never takes frames of another window, though windows start early
// at their keyframes (every 2 s here).
TEST(FrameWindows, SparesShareNoFrameWithOtherWindows) {
  std::vector<std::pair<int, int>> runs;  // first and last counter of each window
  WindowSampleOptions options{.windows = 2, .frames_per_window = 20, .spare_starts = even_spares(4)};
  sample_frame_windows(counter_clip("counter-10s.mp4"), options, [&](FrameWindow&& w) {
    runs.emplace_back(counter_of(w.frames.front().bgr), counter_of(w.frames.back().bgr));
    return WindowUse::Empty;
  });
  // Windows of 0.8 s planned from 2.1 and 7.1 s start at their keyframes,
  // 2 and 6 s. Spares planned from 0.43, 3.77, 5.43 and 8.77 s: the first
  // starts at its keyframe (0 s); the second's keyframe (2 s) begins the
  // first window, so it starts where planned (frame 94); the third would end
  // inside the second window and is not taken; the last starts at 8 s.
  std::vector<int> firsts;
  for (auto [first, last] : runs) firsts.push_back(first);
  EXPECT_EQ(firsts, (std::vector<int>{50, 150, 0, 94, 200}));
  for (size_t a = 0; a < runs.size(); ++a)
    for (size_t b = a + 1; b < runs.size(); ++b)
      EXPECT_TRUE(runs[a].second < runs[b].first || runs[b].second < runs[a].first)
          << "windows " << a << " and " << b << ": " << runs[a].first << "-" << runs[a].second << ", "
          << runs[b].first << "-" << runs[b].second;
}

TEST(FrameWindows, KeepTheDisplayOrientation) {
  fs::path clip = test_clips().rotated_90_mp4;  // 2 s, stored 320x256, displayed 256x320
  cv::Mat upright = cv::imread(reference_png(clip).string(), cv::IMREAD_COLOR);
  ASSERT_EQ(upright.size(), cv::Size(256, 320));
  auto windows = windows_of(clip, {.windows = 2});
  ASSERT_EQ(windows.size(), 1u);
  for (const Frame& frame : windows[0].frames) {
    ASSERT_EQ(frame.bgr.size(), upright.size());
    cv::Mat difference;
    cv::absdiff(frame.bgr, upright, difference);
    EXPECT_LT(cv::mean(difference)[0], 1.0) << "frame at " << frame.t;
  }
}

TEST(FrameWindows, ScaleLargePicturesDownToMaxSide) {
  auto windows = windows_of(test_clips().rotated_90_mp4, {.windows = 1, .max_side = 160});
  ASSERT_EQ(windows.size(), 1u);
  EXPECT_EQ(windows[0].frames[0].bgr.size(), cv::Size(128, 160)) << "aspect kept, upright, longer side 160";
}

// A window delivered with only some pictures, then decoded again frame by
// frame inside on_window, against the same windows decoded with every picture.
struct DecodedAgain {
  std::vector<FrameWindow> first_pass;                // as on_window got them
  std::vector<std::vector<Frame>> again, again_twice;  // decode_again's frames, first and second call
};

DecodedAgain decoded_again(const fs::path& file, WindowSampleOptions options, WindowSampleStats* stats = nullptr) {
  DecodedAgain out;
  options.pictured = [](int index) { return index % 10 == 0; };
  sample_frame_windows(file, options, [&](FrameWindow&& window) {
    for (auto* into : {&out.again, &out.again_twice}) {
      into->emplace_back();
      window.decode_again([&](Frame&& frame) { into->back().push_back(std::move(frame)); });
    }
    out.first_pass.push_back(std::move(window));
    return WindowUse::Used;
  }, stats);
  return out;
}

void expect_same_frames(const std::vector<Frame>& actual, const std::vector<Frame>& expected, const std::string& what) {
  ASSERT_EQ(actual.size(), expected.size()) << what;
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(actual[i].index, static_cast<int>(i)) << what << " frame " << i;
    EXPECT_EQ(actual[i].t, expected[i].t) << what << " frame " << i;
    ASSERT_EQ(actual[i].bgr.size(), expected[i].bgr.size()) << what << " frame " << i;
    EXPECT_EQ(cv::norm(actual[i].bgr, expected[i].bgr, cv::NORM_INF), 0) << what << " frame " << i;
  }
}

TEST(FrameWindows, WithoutAllPicturesAtOnceGiveTheSameFramesWhenDecodedAgain) {
  for (const char* name : {"counter-10s.mp4", "counter-gap.mp4"}) {
    fs::path clip = counter_clip(name);
    for (double lead : {0.0, 2.0}) {
      WindowSampleOptions options{.windows = 4, .keyframe_lead_s = lead};
      std::vector<FrameWindow> every_picture = windows_of(clip, options);
      WindowSampleStats stats;
      DecodedAgain again = decoded_again(clip, options, &stats);
      std::string what = std::string(name) + " lead " + std::to_string(lead);
      ASSERT_EQ(again.first_pass.size(), every_picture.size()) << what;
      ASSERT_FALSE(every_picture.empty()) << what;
      for (size_t w = 0; w < every_picture.size(); ++w) {
        const auto& first = again.first_pass[w].frames;
        ASSERT_EQ(first.size(), every_picture[w].frames.size()) << what;
        for (size_t i = 0; i < first.size(); ++i) {
          EXPECT_EQ(first[i].t, every_picture[w].frames[i].t) << what << " window " << w << " frame " << i;
          EXPECT_EQ(first[i].bgr.empty(), i % 10 != 0) << what << " window " << w << " frame " << i;
        }
        // Later windows too are as they were: decoding a window again leaves
        // the decoder where the window ended.
        expect_same_frames(again.again[w], every_picture[w].frames, what + " window " + std::to_string(w));
        // The last window's second call runs on a decoder of its own.
        expect_same_frames(again.again_twice[w], every_picture[w].frames, what + " again, window " + std::to_string(w));
      }
      EXPECT_GT(stats.decode_ms, 0) << what;
    }
  }
}

// MPEG-TS and GIF have no index (they seek by byte position or by reading
// on): decoding a window again must still give its frames, if need be from
// the stream's start.
TEST(FrameWindows, AreDecodedAgainFromStreamsWithoutAnIndex) {
  fs::path dir = testing::generated_once("frame-windows-unindexed-v2", [](const fs::path& d) {
    ffmpeg("-i " + quoted(counter_clip("counter-10s.mp4")) + " -c copy -f mpegts " + quoted(d / "counter.ts"));
    ffmpeg("-i " + quoted(counter_clip("counter-10s.mp4")) + " -t 4 " + quoted(d / "counter.gif"));
  });
  for (const char* name : {"counter.ts", "counter.gif"}) {
    WindowSampleOptions options{.windows = 3};
    std::vector<FrameWindow> every_picture = windows_of(dir / name, options);
    WindowSampleStats stats;
    DecodedAgain again = decoded_again(dir / name, options, &stats);
    ASSERT_EQ(again.first_pass.size(), every_picture.size()) << name;
    ASSERT_FALSE(every_picture.empty()) << name;
    for (size_t w = 0; w < every_picture.size(); ++w) {
      expect_same_frames(again.again[w], every_picture[w].frames, std::string(name) + " window " + std::to_string(w));
      expect_same_frames(again.again_twice[w], every_picture[w].frames, std::string(name) + " again " + std::to_string(w));
    }
    std::printf("%s: %d of %zu decodes again from the start\n", name, stats.decoded_again_from_start,
                2 * every_picture.size());
  }
}

// Cost on the bench's kind of clip: 10 s of 1080p H.264, GOP 48 (Megamind scaled up).
// Run by hand: frame_windows_test --gtest_also_run_disabled_tests
// --gtest_filter='*Cost*'
TEST(FrameWindows, DISABLED_CostOn1080pH264) {
  fs::path dir = testing::generated_once("frame-windows-1080p-v2", [](const fs::path& d) {
    ffmpeg("-stream_loop -1 -i /usr/share/doc/opencv-doc/examples/data/Megamind.avi -t 10 -vf scale=1920:1080 "
           "-c:v libx264 -preset veryfast -crf 23 -g 48 -pix_fmt yuv420p -an " + quoted(d / "megamind-1080p.mp4"));
  });
  auto cpu_ms = [] {
    timespec now{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return now.tv_sec * 1e3 + now.tv_nsec / 1e6;
  };
  for (double lead : {0.0, 2.0})
    for (int k : {1, 2, 4, 8}) {
      WindowSampleStats stats;
      double cpu_start = cpu_ms();
      auto windows = windows_of(dir / "megamind-1080p.mp4", {.windows = k, .keyframe_lead_s = lead}, &stats);
      size_t n = std::max<size_t>(1, windows.size());
      std::printf("keyframe_lead_s=%.0f K=%d: %zu windows, %d frames decoded, %d seeks, %.0f ms wall (%.0f per "
                  "window), %.0f ms CPU (%.0f per window)\n",
                  lead, k, windows.size(), stats.decoded_frames, stats.seeks, stats.decode_ms, stats.decode_ms / n,
                  cpu_ms() - cpu_start, (cpu_ms() - cpu_start) / n);
    }
}

}  // namespace
}  // namespace deeptrace::media
