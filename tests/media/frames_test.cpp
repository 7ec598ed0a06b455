#include <gtest/gtest.h>

#include "media/frames.hpp"
#include "media/probe.hpp"
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
    EXPECT_GE(frames[i].t, target - 1e-6);
    EXPECT_LT(frames[i].t, target + 0.2) << "the first frame at or after the target";
    EXPECT_EQ(frames[i].bgr.type(), CV_8UC3);
    EXPECT_EQ(frames[i].bgr.size(), cv::Size(720, 528));
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

TEST(SampleFrames, WorksOnOtherContainers) {
  for (const auto& file : {test_clips().megamind_avi, test_clips().megamind_mkv, test_clips().megamind_ts}) {
    auto frames = sample(file, 4);
    EXPECT_EQ(frames.size(), 4u) << file;
    expect_increasing_within(frames, duration_of(file));
  }
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
