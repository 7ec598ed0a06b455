// Still images (JPEG, PNG, WebP) are media too: probed with their size, and
// sampled as exactly one frame whatever count is asked for.
#include <gtest/gtest.h>

#include "media/frames.hpp"
#include "media/probe.hpp"
#include "test_clips.hpp"

namespace deeptrace::media {
namespace {

using testing::test_clips;

TEST(Images, ProbeGivesTheirSizeAndNoDuration) {
  for (const auto& file : {test_clips().jpeg, test_clips().astronaut_png, test_clips().webp}) {
    MediaInfo info;
    probe_media(file, {}, info);
    EXPECT_EQ(info.width, 512) << file;
    EXPECT_EQ(info.height, 512) << file;
    EXPECT_EQ(info.duration_s, 0) << file;
  }
  EXPECT_EQ(sniff_media_type(test_clips().webp), "image/webp");
}

TEST(Images, AreSampledAsOneFrame) {
  for (const auto& file : {test_clips().jpeg, test_clips().astronaut_png, test_clips().webp}) {
    std::vector<Frame> frames;
    SampleStats stats;
    int n = sample_frames(file, {32, 2}, [&](Frame&& f) { frames.push_back(std::move(f)); }, &stats);
    EXPECT_EQ(n, 1) << file;
    ASSERT_EQ(frames.size(), 1u);
    EXPECT_EQ(frames[0].bgr.size(), cv::Size(512, 512));
    EXPECT_TRUE(stats.still_image);
  }
}

// An animated PNG was read by libavformat's APNG demuxer as a video: 16
// frames sampled, and temporal analysis refused them as a still image. It is
// an image like any PNG, whose first frame is analysed (GIFs are refused).
TEST(Images, AnAnimatedPngIsAnImageOfItsFirstFrame) {
  auto file = test_clips().animated_png;
  MediaInfo info;
  info.content_type = sniff_media_type(file);
  probe_media(file, {}, info);
  EXPECT_EQ(media_kind(info), "image");
  EXPECT_EQ(info.duration_s, 0);
  EXPECT_EQ(info.fps, 0);
  SampleStats stats;
  std::vector<Frame> frames;
  sample_frames(file, {32, 2}, [&](Frame&& f) { frames.push_back(std::move(f)); }, &stats);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].bgr.size(), cv::Size(320, 240));
  EXPECT_TRUE(stats.still_image);
}

TEST(Images, VideosReportTheirDecodeFacts) {
  SampleStats stats;
  sample_frames(test_clips().megamind_mp4, {2, 2}, [](Frame&&) {}, &stats);
  EXPECT_FALSE(stats.still_image);
  EXPECT_EQ(stats.pixel_format, "yuv420p");
  EXPECT_GT(stats.bit_rate, 0);
  EXPECT_GT(stats.duration_s, 5);
}

}  // namespace
}  // namespace deeptrace::media
