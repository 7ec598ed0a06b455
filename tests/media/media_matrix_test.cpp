// Every case of the media matrix through probing and both samplers: each is
// analysed at its displayed size, or refused with its stable code; none
// crashes (the sanitizer build runs this suite too).
#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>

#include "media/background_sampler.hpp"
#include "media/frame_windows.hpp"
#include "media/frames.hpp"
#include "media/probe.hpp"
#include "media_matrix.hpp"
#include "picture_difference.hpp"
#include "test_clips.hpp"

namespace deeptrace::media {
namespace {

using testing::error_code_of;
using testing::matrix_case;
using testing::MatrixCase;

constexpr int kSampled = 8;

MediaInfo probe(const MatrixCase& c) {
  MediaInfo info;
  probe_media(c.file, {.max_pixels = c.max_pixels}, info);
  return info;
}

SampleOptions sample_options(const MatrixCase& c) { return {.count = kSampled, .max_pixels = c.max_pixels}; }

void expect_sampled_as_displayed(const MatrixCase& c, const std::vector<Frame>& frames) {
  ASSERT_EQ(static_cast<int>(frames.size()), std::min(kSampled, c.frames));
  for (size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(frames[i].bgr.cols, c.display_width) << "frame " << i;
    EXPECT_EQ(frames[i].bgr.rows, c.display_height) << "frame " << i;
    if (i > 0) {
      EXPECT_GT(frames[i].t, frames[i - 1].t) << "frame " << i;
    }
  }
}

class MediaMatrix : public ::testing::TestWithParam<std::string> {};

TEST_P(MediaMatrix, ProbingGivesTheDisplayedSizeOrTheStableCode) {
  const MatrixCase& c = matrix_case(GetParam());
  if (c.audio_only) {
    EXPECT_TRUE(is_audio_only(probe(c)));
    return;
  }
  if (c.refused) {
    EXPECT_EQ(error_code_of([&] { probe(c); }), *c.refused);
    return;
  }
  MediaInfo info = probe(c);
  EXPECT_EQ(info.width, c.display_width);
  EXPECT_EQ(info.height, c.display_height);
}

// `sample` is sample_frames or sample_frames_in_background: both must give
// the same answer.
template <typename Sample>
void expect_sampled_or_refused(const MatrixCase& c, Sample sample) {
  std::vector<Frame> frames;
  auto keep = [&](Frame&& f) { frames.push_back(std::move(f)); };
  if (c.refused) {
    EXPECT_EQ(error_code_of([&] { sample(c.file, sample_options(c), keep); }), *c.refused);
    return;
  }
  EXPECT_EQ(sample(c.file, sample_options(c), keep), std::min(kSampled, c.frames));
  expect_sampled_as_displayed(c, frames);
}

TEST_P(MediaMatrix, SamplingDeliversEveryFrameAskedForAtTheDisplayedSize) {
  expect_sampled_or_refused(matrix_case(GetParam()),
                            [](const auto& file, const auto& options, const auto& on_frame) {
                              return sample_frames(file, options, on_frame);
                            });
}

TEST_P(MediaMatrix, BackgroundSamplingMatchesTheForegroundSampler) {
  expect_sampled_or_refused(matrix_case(GetParam()),
                            [](const auto& file, const auto& options, const auto& on_frame) {
                              return sample_frames_in_background(file, options, on_frame);
                            });
}

// Short windows (2 of 5 frames), first with every picture, then with only
// frame 0's and decoded again inside on_window (how the landmark windows
// read them): the same frames, pixel for pixel, or the same refusal.
TEST_P(MediaMatrix, WindowsDecodedAgainAreTheFramesFirstDecoded) {
  const MatrixCase& c = matrix_case(GetParam());
  const WindowSampleOptions every_picture{.windows = 2, .frames_per_window = 5, .max_pixels = c.max_pixels};
  WindowSampleOptions first_picture = every_picture;
  first_picture.pictured = [](int) { return false; };
  std::vector<FrameWindow> whole;
  auto take_whole = [&] {
    sample_frame_windows(c.file, every_picture, [&](FrameWindow&& w) {
      whole.push_back(std::move(w));
      return WindowUse::Used;
    });
  };
  std::vector<std::vector<Frame>> again;
  auto take_again = [&] {
    sample_frame_windows(c.file, first_picture, [&](FrameWindow&& w) {
      EXPECT_TRUE(w.frames.back().bgr.empty()) << "only frame 0 comes with its picture";
      again.emplace_back();
      w.decode_again([&](Frame&& frame) { again.back().push_back(std::move(frame)); });
      return WindowUse::Used;
    });
  };
  if (c.refused) {
    EXPECT_EQ(error_code_of(take_whole), *c.refused);
    EXPECT_EQ(error_code_of(take_again), *c.refused);
    return;
  }
  take_whole();
  take_again();
  ASSERT_EQ(again.size(), whole.size());
  if (c.frames >= 10) {
    EXPECT_EQ(whole.size(), 2u);
  }
  for (size_t w = 0; w < whole.size(); ++w) {
    ASSERT_EQ(again[w].size(), whole[w].frames.size()) << "window " << w;
    for (size_t i = 0; i < again[w].size(); ++i) {
      const Frame& expected = whole[w].frames[i];
      EXPECT_EQ(again[w][i].t, expected.t) << "window " << w << " frame " << i;
      ASSERT_EQ(again[w][i].bgr.size(), expected.bgr.size()) << "window " << w << " frame " << i;
      EXPECT_EQ(cv::norm(again[w][i].bgr, expected.bgr, cv::NORM_INF), 0) << "window " << w << " frame " << i;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, MediaMatrix, ::testing::ValuesIn(testing::media_matrix_names()),
                         [](const auto& info) { return info.param; });

// The picture itself, not only its size: a portrait frame whose rows were
// laid out wrongly, or overwritten, would differ from ffmpeg's rendering.
double mean_difference_to_reference(const MatrixCase& c) {
  std::vector<Frame> frames;
  sample_frames(c.file, {.count = 1}, [&](Frame&& f) { frames.push_back(std::move(f)); });
  cv::Mat reference = cv::imread(testing::reference_png(c.file).string());
  EXPECT_EQ(frames.at(0).bgr.size(), reference.size());
  return testing::mean_difference(frames.at(0).bgr, reference);
}

TEST(MediaMatrixPictures, PortraitFramesMatchFfmpegsRendering) {
  EXPECT_LT(mean_difference_to_reference(matrix_case("portrait_1080x1920")), 2.0);
}

TEST(MediaMatrixPictures, RotatedFramesMatchFfmpegsRendering) {
  EXPECT_LT(mean_difference_to_reference(matrix_case("rotated_1080p")), 2.0);
}

}  // namespace
}  // namespace deeptrace::media
