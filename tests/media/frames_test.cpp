#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>

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

// Sparse targets may take the next reference frame (B-frames are skipped
// undecoded), never more than a B-frame run late; dense sampling still sees
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
  int later_than_exact = 0;
  for (int i = 0; i < count; ++i) {
    double target = (i + 0.5) * duration / count;
    auto exact = std::lower_bound(every.begin(), every.end(), target - 1e-6);
    ASSERT_NE(exact, every.end());
    auto taken = std::find(every.begin(), every.end(), frames[i].t);
    ASSERT_NE(taken, every.end()) << "a real frame time";
    EXPECT_GE(taken - exact, 0) << "frame " << i;
    EXPECT_LE(taken - exact, 4) << "frame " << i << ": within a B-frame run of the target";
    later_than_exact += taken != exact;
  }
  EXPECT_GT(later_than_exact, 0) << "no B-frame was skipped";
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
