// Decoding on its own thread must deliver exactly what sample_frames does,
// keep memory bounded, and hand both sides' failures to the caller.
#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "media/background_sampler.hpp"
#include "test_clips.hpp"

namespace deeptrace::media {
namespace {

using testing::error_code_of;
using testing::test_clips;

std::vector<Frame> in_foreground(const std::filesystem::path& file, int count) {
  std::vector<Frame> frames;
  sample_frames(file, {count, 2}, [&](Frame&& f) { frames.push_back(std::move(f)); });
  return frames;
}

TEST(BackgroundSampler, DeliversTheSameFramesInOrder) {
  auto expected = in_foreground(test_clips().megamind_mp4, 12);
  std::vector<Frame> got;
  SampleStats stats;
  BackgroundSampleStats timing;
  int delivered = sample_frames_in_background(test_clips().megamind_mp4, {12, 2},
                                              [&](Frame&& f) { got.push_back(std::move(f)); }, &stats, &timing);
  ASSERT_EQ(delivered, 12);
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].index, expected[i].index);
    EXPECT_DOUBLE_EQ(got[i].t, expected[i].t);
    EXPECT_EQ(cv::norm(got[i].bgr, expected[i].bgr, cv::NORM_INF), 0) << "frame " << i;
  }
  EXPECT_GT(stats.open_ms, 0);
  EXPECT_EQ(stats.pixel_format, "yuv420p");
  EXPECT_GT(timing.decode_busy_ms, 0);
}

// A stalled consumer must hold the decoder back: full frames are 6 MB at
// 1080p. Without the bound, the decoder would queue all 9 other frames
// during the first frame's long stall.
TEST(BackgroundSampler, AStalledConsumerHoldsTheDecoderBack) {
  int consumed = 0;
  BackgroundSampleStats timing;
  sample_frames_in_background(test_clips().megamind_mp4, {10, 2}, [&](Frame&&) {
    if (consumed++ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  }, nullptr, &timing, 2);
  EXPECT_EQ(consumed, 10);
  EXPECT_GE(timing.most_queued, 1);
  EXPECT_LE(timing.most_queued, 2);
}

// Large pictures are bounded by bytes too: with room for 4 frames but fewer
// bytes than one frame holds, one frame waits at a time.
TEST(BackgroundSampler, LargeFramesQueueByBytes) {
  int consumed = 0;
  BackgroundSampleStats timing;
  sample_frames_in_background(test_clips().megamind_mp4, {10, 2}, [&](Frame&&) {
    if (consumed++ == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  }, nullptr, &timing, 4, 1);
  EXPECT_EQ(consumed, 10);
  EXPECT_EQ(timing.most_queued, 1);
}

TEST(BackgroundSampler, ConsumerFailureStopsTheDecoderAndIsRethrown) {
  int seen = 0;
  EXPECT_THROW(sample_frames_in_background(test_clips().megamind_mp4, {16, 2}, [&](Frame&&) {
                 if (++seen == 3) throw std::runtime_error("consumer gave up");
               }),
               std::runtime_error);
  EXPECT_EQ(seen, 3) << "no frame is delivered after the consumer failed";
}

TEST(BackgroundSampler, DecoderFailureIsRethrownAfterTheFramesBeforeIt) {
  EXPECT_EQ(error_code_of([] { sample_frames_in_background(test_clips().zeroed_frames_mp4, {}, [](Frame&&) {}); }),
            ErrorCode::CORRUPT_MEDIA);
  EXPECT_EQ(error_code_of([] { sample_frames_in_background(test_clips().audio_only_mp4, {}, [](Frame&&) {}); }),
            ErrorCode::NO_VIDEO_STREAM);
  int delivered = 0;
  sample_frames_in_background(test_clips().truncated_mp4, {8, 2}, [&](Frame&&) { ++delivered; });
  EXPECT_GE(delivered, 1);
  EXPECT_LT(delivered, 8);
}

}  // namespace
}  // namespace deeptrace::media
