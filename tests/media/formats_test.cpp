// Inputs beyond 8-bit yuv420p at a constant frame rate: 10-bit, 4:4:4,
// 4:2:2 full range, odd sizes, rotation display matrices and variable frame
// rates. Pictures are checked against the ffmpeg CLI's own rendering.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include <opencv2/imgcodecs.hpp>

#include "media/frame_windows.hpp"
#include "media/frames.hpp"
#include "media/probe.hpp"
#include "media_matrix.hpp"
#include "picture_difference.hpp"
#include "test_clips.hpp"

namespace deeptrace::media {
namespace {

using testing::ffmpeg;
using testing::mean_difference;
using testing::quoted;
using testing::reference_png;
using testing::test_clips;
namespace fs = std::filesystem;

struct Sampled {
  std::vector<Frame> frames;
  SampleStats stats;
};

Sampled sample(const fs::path& file, int count) {
  Sampled out;
  int delivered = sample_frames(
      file, SampleOptions{count, 2}, [&](Frame&& f) { out.frames.push_back(std::move(f)); }, &out.stats);
  EXPECT_EQ(delivered, static_cast<int>(out.frames.size()));
  return out;
}

MediaInfo probe(const fs::path& file) {
  MediaInfo info;
  probe_media(file, {}, info);
  return info;
}

void expect_times_increase_from_zero(const std::vector<Frame>& frames, double duration) {
  for (size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(frames[i].index, static_cast<int>(i));
    EXPECT_GE(frames[i].t, 0);
    EXPECT_LT(frames[i].t, duration);
    if (i > 0) {
      EXPECT_GT(frames[i].t, frames[i - 1].t) << "frame " << i;
    }
  }
}

struct StillClip {
  std::string name;
  fs::path file;
  std::string pixel_format;  // as the decoder reports it
};

void PrintTo(const StillClip& clip, std::ostream* out) { *out << clip.name; }

class StillPictureClips : public ::testing::TestWithParam<StillClip> {};

// Every frame of these lossless loops is the same picture: each sampled frame
// must look like the ffmpeg CLI's rendering of it, in size, orientation and
// colour (range and matrix included).
TEST_P(StillPictureClips, DecodeToTheDisplayedPicture) {
  const StillClip& clip = GetParam();
  cv::Mat reference = cv::imread(reference_png(clip.file).string(), cv::IMREAD_COLOR);
  ASSERT_FALSE(reference.empty()) << reference_png(clip.file);
  MediaInfo info = probe(clip.file);
  EXPECT_EQ(cv::Size(info.width, info.height), reference.size()) << "media facts give the displayed size";
  Sampled sampled = sample(clip.file, 4);
  ASSERT_EQ(sampled.frames.size(), 4u);
  EXPECT_EQ(sampled.stats.pixel_format, clip.pixel_format);
  expect_times_increase_from_zero(sampled.frames, info.duration_s);
  for (const Frame& frame : sampled.frames) {
    ASSERT_EQ(frame.bgr.type(), CV_8UC3);
    ASSERT_EQ(frame.bgr.size(), reference.size());
    EXPECT_LT(mean_difference(frame.bgr, reference), 1.0) << "frame at " << frame.t << " s";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Formats, StillPictureClips,
    ::testing::Values(StillClip{"h264_high10", test_clips().h264_10bit_mp4, "yuv420p10le"},
                      StillClip{"hevc_main10", test_clips().hevc_10bit_mp4, "yuv420p10le"},
                      StillClip{"hevc_full_range", test_clips().hevc_full_range_mp4, "yuvj420p"},
                      StillClip{"h264_yuv444p", test_clips().yuv444p_mp4, "yuv444p"},
                      StillClip{"h264_yuvj422p", test_clips().yuvj422p_mp4, "yuvj422p"},
                      StillClip{"h264_bt709", test_clips().bt709_mp4, "yuv420p"},
                      StillClip{"vp9_full_range", test_clips().vp9_full_range_webm, "yuv420p"},
                      StillClip{"vp9_odd_size", test_clips().odd_size_webm, "yuv420p"},
                      StillClip{"rotated_90", test_clips().rotated_90_mp4, "yuv444p"},
                      StillClip{"rotated_270", test_clips().rotated_270_mp4, "yuv444p"},
                      StillClip{"anamorphic", test_clips().anamorphic_mp4, "yuv444p"}),
    [](const auto& info) { return info.param.name; });

cv::Mat turned_clockwise(const cv::Mat& picture, int degrees) {
  if (degrees == 0) return picture;
  cv::Mat turned;
  cv::rotate(picture, turned, degrees == 90 ? cv::ROTATE_90_CLOCKWISE : degrees == 180 ? cv::ROTATE_180 : cv::ROTATE_90_COUNTERCLOCKWISE);
  return turned;
}

// FFmpeg 5.1's mov muxer writes the legacy `rotate=90` tag as a display
// matrix turning the picture 90 degrees counter-clockwise (ffprobe:
// "rotation=90"), which is 270 clockwise; the ffmpeg CLI shows it so.
TEST(Rotation, IsReportedInClockwiseDegreesWithTheDisplayedSize) {
  cv::Mat stored = cv::imread(reference_png(test_clips().yuv444p_mp4).string(), cv::IMREAD_COLOR);
  ASSERT_EQ(stored.size(), cv::Size(320, 256));
  for (auto [file, degrees] : {std::pair{test_clips().rotated_90_mp4, 270}, std::pair{test_clips().rotated_270_mp4, 90}}) {
    Sampled sampled = sample(file, 1);
    EXPECT_EQ(sampled.stats.rotation, degrees) << file;
    EXPECT_LT(mean_difference(sampled.frames.at(0).bgr, turned_clockwise(stored, degrees)), 1.0) << file;
    MediaInfo info = probe(file);
    EXPECT_EQ(info.width, 256) << "displayed upright";
    EXPECT_EQ(info.height, 320);
  }
  EXPECT_EQ(sample(test_clips().yuv444p_mp4, 1).stats.rotation, 0);
}

// The pixel cap holds for the picture as displayed, which is what the
// frames are decoded to: 320x256 from 240x256 stored.
TEST(Anamorphic, ThePixelCapCountsTheDisplayedPicture) {
  ProbeLimits limits;
  limits.max_pixels = 300 * 256;
  MediaInfo info;
  EXPECT_EQ(testing::error_code_of([&] { probe_media(test_clips().anamorphic_mp4, limits, info); }),
            ErrorCode::RESOLUTION_TOO_HIGH);
  limits.max_pixels = 320 * 256;
  probe_media(test_clips().anamorphic_mp4, limits, info);
  EXPECT_EQ(info.width, 320);
}

// The visual section's frames keep both fields, woven as decoded (read as
// the top field alone, the texture detectors lost half the rows of detail
// and a real clip scored as fake: docs/report.md). So this clip's frames are
// combed: every other row from the negative.
TEST(Interlaced, SampledFramesKeepBothFieldsAndSaySo) {
  cv::Mat picture = cv::imread(reference_png(test_clips().yuv444p_mp4).string(), cv::IMREAD_COLOR);
  Sampled sampled = sample(test_clips().interlaced_mp4, 2);
  ASSERT_EQ(sampled.frames.size(), 2u);
  EXPECT_TRUE(sampled.stats.interlaced);
  EXPECT_GT(mean_difference(sampled.frames[0].bgr, picture), 50);
  EXPECT_FALSE(sample(test_clips().yuv444p_mp4, 1).stats.interlaced);
}

// HEVC coded field by field: FFmpeg's decoder gives each field alone, 128
// rows of the 256, and the probe read the clip as 320x128 at 50 frames a
// second. It is a 320x256 video at 25, as in H.264.
TEST(Interlaced, HevcCodedFieldByFieldIsProbedAsItsFrames) {
  MediaInfo info = probe(test_clips().hevc_fields_mp4);
  EXPECT_EQ(info.width, 320);
  EXPECT_EQ(info.height, 256);
  EXPECT_NEAR(info.fps, 25, 1e-9);
  EXPECT_EQ(probe(test_clips().interlaced_mp4).height, 256) << "H.264: its decoder pairs the fields";
}

// Each sampled field is stretched to the full height: the astronaut or its
// negative whole (a field read as a frame squashed every face to half its
// height, and none was found).
TEST(Interlaced, HevcFieldsAreSampledStretchedToTheFullHeightAndSaySo) {
  cv::Mat picture = cv::imread(reference_png(test_clips().yuv444p_mp4).string(), cv::IMREAD_COLOR);
  cv::Mat negative = cv::Scalar::all(255) - picture;
  Sampled sampled = sample(test_clips().hevc_fields_mp4, 6);
  ASSERT_EQ(sampled.frames.size(), 6u);
  EXPECT_TRUE(sampled.stats.interlaced);
  EXPECT_TRUE(sampled.stats.fields_coded_apart);
  for (const Frame& frame : sampled.frames) {
    ASSERT_EQ(frame.bgr.size(), cv::Size(320, 256)) << "frame at " << frame.t << " s";
    EXPECT_LT(std::min(mean_difference(frame.bgr, picture), mean_difference(frame.bgr, negative)), 10)
        << "frame at " << frame.t << " s";
  }
  EXPECT_FALSE(sample(test_clips().interlaced_mp4, 1).stats.fields_coded_apart);
}

// HEVC frames holding two fields: FFmpeg's decoder marks none of them
// interlaced, the container's field order does. They are sampled as the
// H.264 ones are, woven, and said to be interlaced.
TEST(Interlaced, HevcFramesTheContainerCallsInterlacedSaySo) {
  cv::Mat picture = cv::imread(reference_png(test_clips().yuv444p_mp4).string(), cv::IMREAD_COLOR);
  Sampled sampled = sample(test_clips().hevc_interlaced_mp4, 2);
  ASSERT_EQ(sampled.frames.size(), 2u);
  EXPECT_TRUE(sampled.stats.interlaced);
  EXPECT_FALSE(sampled.stats.fields_coded_apart);
  EXPECT_EQ(sampled.frames[0].bgr.size(), cv::Size(320, 256));
  EXPECT_GT(mean_difference(sampled.frames[0].bgr, picture), 50);
  EXPECT_FALSE(sample(test_clips().hevc_10bit_mp4, 1).stats.interlaced) << "progressive HEVC";
}

// Phones record HDR video (HLG) by default; the report warns of it, since
// its pictures are not tone-mapped to the standard range the detectors know.
TEST(Hdr, TheTransferOfHdrVideoIsNamed) {
  EXPECT_EQ(sample(test_clips().hevc_hlg_mp4, 1).stats.hdr_transfer, "HLG");
  EXPECT_EQ(sample(testing::matrix_case("hevc_hdr10_pq").file, 1).stats.hdr_transfer, "PQ");
  EXPECT_EQ(sample(test_clips().hevc_10bit_mp4, 1).stats.hdr_transfer, "") << "10 bits, standard range";
  EXPECT_EQ(sample(test_clips().bt709_mp4, 1).stats.hdr_transfer, "");
}

// 240 stored pixels shown 24,000 wide is a damaged or hostile header, not a
// picture: read as square pixels.
TEST(Anamorphic, AnAbsurdAspectRatioIsIgnored) {
  EXPECT_EQ(probe(test_clips().absurd_aspect_mp4).width, 240);
  EXPECT_EQ(sample(test_clips().absurd_aspect_mp4, 1).frames.at(0).bgr.size(), cv::Size(240, 256));
}

TEST(OddSize, KeepsEveryRowAndColumn) {
  MediaInfo info = probe(test_clips().odd_size_webm);
  EXPECT_EQ(info.width, 321);
  EXPECT_EQ(info.height, 241);
  EXPECT_EQ(sample(test_clips().odd_size_webm, 1).frames.at(0).bgr.size(), cv::Size(321, 241));
}

// The clip's frames lie 0.1 s apart for 2.5 s, then 0.02 s apart.
bool is_a_vfr_frame_time(double t) {
  double k = t < 2.45 ? t / 0.1 : (t - 2.5) / 0.02;
  return std::abs(k - std::round(k)) * (t < 2.45 ? 0.1 : 0.02) < 0.002;
}

constexpr double kLongestVfrGap = 0.1;  // between frames of the slow part

// The ffmpeg CLI's rendering of `clip`'s frame `n`, decoded from the start.
cv::Mat frame_decoded_from_the_start(const fs::path& clip, int n) {
  fs::path png = fs::path(clip).replace_extension("frame-" + std::to_string(n) + ".png");
  if (!fs::exists(png))
    ffmpeg("-i " + quoted(clip) + " -vf 'select=eq(n\\," + std::to_string(n) + ")' -fps_mode passthrough -frames:v 1 "
           "-sws_flags bilinear " + quoted(png));
  return cv::imread(png.string(), cv::IMREAD_COLOR);
}

// A stream that FFmpeg reads by the x264 build its first frame names: frames
// reached by a seek (to the keyframes at 1, 2 and 3 s) are those decoded
// from the start. Before the build was given to the decoder, they differed by
// about 110 of 255 (every macroblock misread).
TEST(OldX264, FramesReachedByASeekAreThoseDecodedFromTheStart) {
  const fs::path clip = test_clips().old_x264_444_mp4;
  std::vector<Frame> frames;
  sample_frames(clip, {.count = 4, .exact_frames = true}, [&](Frame&& f) { frames.push_back(std::move(f)); });
  ASSERT_EQ(frames.size(), 4u);
  for (const Frame& frame : frames) {
    int n = static_cast<int>(std::lround(frame.t * 25));
    EXPECT_LT(mean_difference(frame.bgr, frame_decoded_from_the_start(clip, n)), 2.0) << "sampled frame " << n;
  }
  std::vector<Frame> window;
  sample_frame_windows(clip, {.windows = 1, .frames_per_window = 8, .keyframe_lead_s = 0}, [&](FrameWindow&& w) {
    window = std::move(w.frames);
    return WindowUse::Used;
  });
  ASSERT_EQ(window.size(), 8u);
  for (const Frame& frame : {window.front(), window.back()}) {
    int n = static_cast<int>(std::lround(frame.t * 25));
    EXPECT_LT(mean_difference(frame.bgr, frame_decoded_from_the_start(clip, n)), 2.0) << "window frame " << n;
  }
}

TEST(VariableFrameRate, TimesAreTheRealPresentationTimes) {
  MediaInfo info = probe(test_clips().vfr_mp4);
  EXPECT_NEAR(info.duration_s, 3.52, 0.05);
  const int count = 12;
  Sampled sampled = sample(test_clips().vfr_mp4, count);
  ASSERT_EQ(sampled.frames.size(), static_cast<size_t>(count));
  expect_times_increase_from_zero(sampled.frames, info.duration_s);
  for (int i = 0; i < count; ++i) {
    double t = sampled.frames[i].t, target = (i + 0.5) * info.duration_s / count;
    EXPECT_TRUE(is_a_vfr_frame_time(t)) << t << " s is not a frame's presentation time";
    EXPECT_LE(t, target + 0.002) << "frame " << i;
    EXPECT_GT(t, target - kLongestVfrGap - 0.002) << "frame " << i << ": the frame on screen at " << target;
  }
}

TEST(VariableFrameRate, DenseSamplingSeesBothRates) {
  Sampled sampled = sample(test_clips().vfr_mp4, 150);  // more than it holds
  ASSERT_GE(sampled.frames.size(), 2u);
  std::set<long> gaps_ms;
  for (size_t i = 0; i < sampled.frames.size(); ++i) {
    EXPECT_TRUE(is_a_vfr_frame_time(sampled.frames[i].t)) << sampled.frames[i].t;
    if (i > 0) gaps_ms.insert(std::lround((sampled.frames[i].t - sampled.frames[i - 1].t) * 1000));
  }
  EXPECT_TRUE(gaps_ms.contains(100)) << "consecutive frames of the slow part";
  EXPECT_TRUE(gaps_ms.contains(20)) << "consecutive frames of the fast part";
}

}  // namespace
}  // namespace deeptrace::media
