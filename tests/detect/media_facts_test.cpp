// The report's media facts from what probing and sampling saw, on clips made
// by the ffmpeg CLI (test_clips.hpp).
#include <gtest/gtest.h>

#include "detect/media_facts.hpp"
#include "media/probe.hpp"
#include "test_clips.hpp"

namespace deeptrace::detect {
namespace {

using testing::test_clips;

Json facts_of(const std::filesystem::path& clip) {
  MediaInfo info;
  info.content_type = media::sniff_media_type(clip);
  media::probe_media(clip, {}, info);
  media::SampleStats stats;
  media::sample_frames(clip, {4, 2}, [](media::Frame&&) {}, &stats);
  return media_facts(clip, info, stats);
}

TEST(MediaFacts, NonSquarePixelsAreNamedAndTheSizeIsTheDisplayedOne) {
  Json facts = facts_of(test_clips().anamorphic_mp4);
  EXPECT_EQ(facts["width"], 320);
  EXPECT_EQ(facts["height"], 256);
  EXPECT_NEAR(facts["sample_aspect_ratio"].get<double>(), 4.0 / 3, 1e-9);
  EXPECT_FALSE(facts.contains("interlaced"));
}

// Bits per stored pixel: the stretched picture has 4/3 as many.
TEST(MediaFacts, BitsPerPixelCountStoredPixels) {
  Json facts = facts_of(test_clips().anamorphic_mp4);
  double stored_pixels_per_s = 240.0 * 256 * facts["fps"].get<double>();
  EXPECT_NEAR(facts["bits_per_pixel"].get<double>(), facts["bit_rate"].get<double>() / stored_pixels_per_s, 1e-9);
}

TEST(MediaFacts, AnInterlacedVideoSaysSo) {
  Json facts = facts_of(test_clips().interlaced_mp4);
  EXPECT_EQ(facts.value("interlaced", false), true);
  EXPECT_FALSE(facts.contains("sample_aspect_ratio"));
}

// HEVC coded field by field: a 320x256 video at 25 frames a second, whose
// 50 fields a second of 320x128 hold as many pixels.
TEST(MediaFacts, HevcCodedFieldByFieldIsItsFramesAndSaysSo) {
  Json facts = facts_of(test_clips().hevc_fields_mp4);
  EXPECT_EQ(facts["width"], 320);
  EXPECT_EQ(facts["height"], 256);
  EXPECT_NEAR(facts["fps"].get<double>(), 25, 1e-9);
  EXPECT_EQ(facts.value("interlaced", false), true);
  double stored_pixels_per_s = 320.0 * 128 * 50;
  EXPECT_NEAR(facts["bits_per_pixel"].get<double>(), facts["bit_rate"].get<double>() / stored_pixels_per_s, 1e-9);
  EXPECT_EQ(facts_of(test_clips().hevc_interlaced_mp4).value("interlaced", false), true);
}

TEST(MediaFacts, AProgressiveVideoWithSquarePixelsNamesNeither) {
  Json facts = facts_of(test_clips().yuv444p_mp4);
  EXPECT_FALSE(facts.contains("interlaced"));
  EXPECT_FALSE(facts.contains("sample_aspect_ratio"));
}

}  // namespace
}  // namespace deeptrace::detect
