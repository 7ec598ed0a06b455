#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

#include "media/frames.hpp"
#include "media/probe.hpp"
#include "media_matrix.hpp"
#include "test_clips.hpp"

namespace deeptrace::media {
namespace {

using testing::error_code_of;
using testing::test_clips;

std::vector<Frame> sample(const std::filesystem::path& file, int count) {
  std::vector<Frame> frames;
  int delivered = sample_frames(file, SampleOptions{count, 2}, [&](Frame&& f) { frames.push_back(std::move(f)); });
  EXPECT_EQ(delivered, static_cast<int>(frames.size()));
  return frames;
}

double duration_of(const std::filesystem::path& file) {
  MediaInfo info;
  probe_media(file, {}, info);
  return info.duration_s;
}

void expect_increasing_within(const std::vector<Frame>& frames, double duration) {
  for (size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(frames[i].index, static_cast<int>(i));
    EXPECT_GE(frames[i].t, 0);
    EXPECT_LE(frames[i].t, duration);
    if (i > 0) {
      EXPECT_GT(frames[i].t, frames[i - 1].t) << "frame " << i;
    }
  }
}

TEST(SampleFrames, DeliversEvenlySpacedBgrFrames) {
  const int count = 8;
  double duration = duration_of(test_clips().megamind_mp4);
  auto frames = sample(test_clips().megamind_mp4, count);
  ASSERT_EQ(frames.size(), static_cast<size_t>(count));
  expect_increasing_within(frames, duration);
  for (int i = 0; i < count; ++i) {
    double target = (i + 0.5) * duration / count;
    EXPECT_LE(frames[i].t, target + 1e-6);
    EXPECT_GT(frames[i].t, target - 0.2) << "the frame on screen at the target";
    EXPECT_EQ(frames[i].bgr.type(), CV_8UC3);
    EXPECT_EQ(frames[i].bgr.size(), cv::Size(720, 528));
  }
}

// A clip with B-frames (x264 veryfast: 3 between reference frames), made here.
std::filesystem::path b_frame_clip() {
  auto clip = std::filesystem::temp_directory_path() / "deeptrace-bframes-v1.mp4";
  if (!std::filesystem::exists(clip)) {
    auto part = clip.string() + ".part.mp4";
    std::string cmd = "ffmpeg -nostdin -loglevel error -y -f lavfi -i testsrc=duration=10:size=320x240:rate=30 "
                      "-c:v libx264 -preset veryfast -bf 3 -g 60 -pix_fmt yuv420p " + part;
    if (std::system(cmd.c_str()) != 0) throw std::runtime_error("ffmpeg failed: " + cmd);
    std::filesystem::rename(part, clip);
  }
  return clip;
}

// Sparse targets may take an earlier reference frame (B-frames are skipped
// undecoded), never more than a B-frame run early; dense sampling still sees
// every frame.
TEST(SampleFrames, SparseSamplingTakesANearbyReferenceFrame) {
  auto clip = b_frame_clip();
  double duration = duration_of(clip);
  std::vector<double> every;
  for (const Frame& f : sample(clip, 1000)) every.push_back(f.t);
  ASSERT_GT(every.size(), 200u);
  const int count = 8;
  auto frames = sample(clip, count);
  ASSERT_EQ(frames.size(), static_cast<size_t>(count));
  int earlier_than_exact = 0;
  for (int i = 0; i < count; ++i) {
    double target = (i + 0.5) * duration / count;
    auto exact = std::upper_bound(every.begin(), every.end(), target + 1e-6) - 1;  // on screen at the target
    auto taken = std::find(every.begin(), every.end(), frames[i].t);
    ASSERT_NE(taken, every.end()) << "a real frame time";
    EXPECT_LE(taken - exact, 0) << "frame " << i;
    EXPECT_GE(taken - exact, -4) << "frame " << i << ": within a B-frame run of the target";
    earlier_than_exact += taken != exact;
  }
  EXPECT_GT(earlier_than_exact, 0) << "no B-frame was skipped";
}

// n targets over at least n frames take n distinct frames: with 8 targets
// over 10 frames, taking the first frame at or after each target skipped a
// frame and found none for the last target.
TEST(SampleFrames, AsManyTargetsAsFramesTakeDistinctFrames) {
  for (int count : {8, 10}) {
    auto frames = sample(testing::matrix_case("tiny_16x16").file, count);  // 10 frames at 10 fps
    EXPECT_EQ(frames.size(), static_cast<size_t>(count));
    expect_increasing_within(frames, 1.0);
  }
}

TEST(SampleFrames, FramesCarryPicturesNotBlanks) {
  auto frames = sample(test_clips().astronaut_mp4, 2);
  ASSERT_EQ(frames.size(), 2u);
  cv::Scalar mean, stddev;
  cv::meanStdDev(frames[0].bgr, mean, stddev);
  EXPECT_GT(stddev[0], 10.0);
  EXPECT_EQ(frames[0].bgr.size(), cv::Size(512, 512));
}

TEST(SampleFrames, NeverRepeatsAFrameWhenAskedForMoreThanExist) {
  double duration = duration_of(test_clips().astronaut_mp4);  // 3 s at 25 fps
  auto frames = sample(test_clips().astronaut_mp4, 256);
  EXPECT_GT(frames.size(), 50u);
  EXPECT_LE(frames.size(), 76u);
  expect_increasing_within(frames, duration);
}

// The last target, (n - 0.5) / n of the way in, lies after the last frame
// whenever more than half the frames are asked for: the last frame is on
// screen then.
TEST(SampleFrames, DeliversEveryRequestedFrameWhenTheLastTargetFollowsTheLastFrame) {
  double duration = duration_of(test_clips().astronaut_mp4);  // 3 s at 25 fps: 75 frames
  auto frames = sample(test_clips().astronaut_mp4, 40);
  EXPECT_EQ(frames.size(), 40u);
  expect_increasing_within(frames, duration);
}

// A 1-frame video's only frame, at t = 0, precedes every target.
TEST(SampleFrames, AOneFrameVideoGivesItsOnlyFrame) {
  for (const char* name : {"one_frame_h264", "one_frame_vp9"}) {
    auto frames = sample(testing::matrix_case(name).file, 32);
    ASSERT_EQ(frames.size(), 1u) << name;
    EXPECT_EQ(frames[0].t, 0) << name;
    EXPECT_EQ(frames[0].bgr.size(), cv::Size(512, 512)) << name;
  }
}

TEST(SampleFrames, WorksOnOtherContainers) {
  for (const auto& file : {test_clips().megamind_avi, test_clips().megamind_mkv, test_clips().megamind_ts}) {
    auto frames = sample(file, 4);
    EXPECT_EQ(frames.size(), 4u) << file;
    expect_increasing_within(frames, duration_of(file));
  }
}

// The same H.264 stream copied into MPEG-TS, which has no keyframe index:
// a seek there resumed at the next keyframe, 10 s on (x264's 250-frame GOP),
// so every sample came from the clip's last second.
TEST(SampleFrames, SamplesTheSameFramesFromMp4AndMpegTs) {
  auto from_mp4 = sample(test_clips().megamind_mp4, 4);
  auto from_ts = sample(test_clips().megamind_ts, 4);
  ASSERT_EQ(from_mp4.size(), from_ts.size());
  for (size_t i = 0; i < from_mp4.size(); ++i) EXPECT_NEAR(from_ts[i].t, from_mp4[i].t, 0.05) << "frame " << i;
}

// Its first seek fails, and on the way Matroska's demuxer read every cluster
// to the end of the file: nothing was left to decode, and the file was
// CORRUPT_MEDIA although every frame decodes.
TEST(SampleFrames, AContainerThatCannotSeekIsDecodedFromItsStart) {
  auto clip = test_clips().untimed_start_mkv;
  auto frames = sample(clip, 8);
  ASSERT_EQ(frames.size(), 8u);
  expect_increasing_within(frames, duration_of(clip));
}

// Frames that decoded only in part are counted (the report warns of them);
// whole ones, in every format the tests make, are not.
TEST(SampleFrames, FramesThatDecodedOnlyInPartAreCounted) {
  auto damaged_in = [](const std::filesystem::path& file, int count) {
    SampleStats stats;
    int marked = 0;
    EXPECT_GT(sample_frames(file, SampleOptions{count, 2}, [&](Frame&& frame) { marked += frame.damaged; }, &stats), 0)
        << file;
    EXPECT_EQ(marked, stats.damaged_frames) << file << ": the frames counted are those marked";
    return stats.damaged_frames;
  };
  int damaged = damaged_in(test_clips().damaged_mp4, 32);
  EXPECT_GT(damaged, 0);
  EXPECT_LT(damaged, 32) << "the first and last thirds are whole";
  const auto& c = test_clips();
  for (const auto& clean : {c.megamind_mp4, c.megamind_mkv, c.megamind_ts, c.astronaut_mp4, c.hevc_10bit_mp4,
                            c.interlaced_mp4, c.vfr_mp4, c.odd_size_webm})
    EXPECT_EQ(damaged_in(clean, 8), 0) << clean;
}

TEST(SampleFrames, TruncatedFileYieldsWhatDecodes) {
  auto frames = sample(test_clips().truncated_mp4, 8);
  EXPECT_GE(frames.size(), 1u);
  EXPECT_LT(frames.size(), 8u) << "the second half of the file is missing";
}

TEST(SampleFrames, NothingDecodableIsCorrupt) {
  auto none = [](const std::filesystem::path& file) {
    return error_code_of([&] { sample_frames(file, {}, [](Frame&&) {}); });
  };
  EXPECT_EQ(none(test_clips().zeroed_frames_mp4), ErrorCode::CORRUPT_MEDIA);
  EXPECT_EQ(none(test_clips().truncated_nomoov), ErrorCode::CORRUPT_MEDIA);
  EXPECT_EQ(none(test_clips().audio_only_mp4), ErrorCode::NO_VIDEO_STREAM);
}

}  // namespace
}  // namespace deeptrace::media
