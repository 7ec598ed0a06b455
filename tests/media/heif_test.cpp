// HEIC and AVIF pictures (issue 15: phones write them): sniffed by their
// ftyp brands, probed and sampled as one frame through libheif, refused with
// the stable codes when too large or broken. The HEIC is the C2PA SDK's test
// picture (../shared/fixtures/c2pa/sample1.heic, read in place); the AVIF is
// made from astronaut.png with ffmpeg (libaom).
#include <cmath>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include "media/frames.hpp"
#include "media/heif_image.hpp"
#include "media/probe.hpp"
#include "test_clips.hpp"

namespace deeptrace::media {
namespace {

using testing::error_code_of;
using testing::test_clips;

const std::filesystem::path kHeic = std::filesystem::path(DEEPTRACE_SHARED_DIR) / "fixtures/c2pa/sample1.heic";

const std::filesystem::path& astronaut_avif() {
  static const std::filesystem::path file = [] {
    auto out = test_clips().dir / "astronaut.avif";
    if (!std::filesystem::exists(out))
      testing::ffmpeg("-i " + test_clips().astronaut_png.string() + " -c:v libaom-av1 -still-picture 1 -crf 20 " +
                      "-cpu-used 8 " + out.string());
    return out;
  }();
  return file;
}

std::filesystem::path with_bytes(const std::string& name, const std::string& bytes) {
  auto file = test_clips().dir / name;
  std::ofstream(file, std::ios::binary) << bytes;
  return file;
}

std::string ftyp(const std::string& major, const std::string& compatible) {
  std::string box = major + std::string(4, '\0') + compatible;
  auto size = static_cast<char>(8 + box.size());
  return std::string("\0\0\0", 3) + size + "ftyp" + box + std::string(32, '\0');
}

TEST(Heif, SniffedByTheirBrands) {
  EXPECT_EQ(sniff_media_type(kHeic), "image/heic");
  EXPECT_EQ(sniff_media_type(astronaut_avif()), "image/avif");
  EXPECT_EQ(sniff_media_type(with_bytes("mif1-avif.bin", ftyp("mif1", "mif1avifmiaf"))), "image/avif");
  EXPECT_EQ(sniff_media_type(with_bytes("mif1-heic.bin", ftyp("mif1", "mif1heic"))), "image/heic");
  EXPECT_EQ(sniff_media_type(with_bytes("heix.bin", ftyp("heix", "mif1"))), "image/heic");
  EXPECT_EQ(sniff_media_type(with_bytes("isom.bin", ftyp("isom", "isomavc1"))), "video/mp4");
  EXPECT_TRUE(is_image_type("image/heic") && is_image_type("image/avif"));
  EXPECT_TRUE(is_heif_type("image/avif") && !is_heif_type("image/png"));
}

TEST(Heif, ProbeGivesTheDisplayedSizeAndNoDuration) {
  MediaInfo avif;
  avif.content_type = "image/avif";
  probe_media(astronaut_avif(), {}, avif);
  EXPECT_EQ(avif.width, 512);
  EXPECT_EQ(avif.height, 512);
  EXPECT_EQ(avif.duration_s, 0);
  EXPECT_EQ(avif.fps, 0);
  EXPECT_EQ(avif.container, "heif");
  EXPECT_EQ(avif.codec, "av1");
  EXPECT_EQ(media_kind(avif), "image");
  MediaInfo heic;
  heic.content_type = sniff_media_type(kHeic);
  probe_media(kHeic, {}, heic);
  EXPECT_GT(heic.width, 0);
  EXPECT_GT(heic.height, 0);
  EXPECT_EQ(heic.codec, "hevc");
  HeifPicture boxes = probe_heif(kHeic, kDefaultMaxPixels);
  EXPECT_EQ(boxes.width, heic.width) << "the boxes' size is the decoded size";
  EXPECT_EQ(boxes.height, heic.height);
}

TEST(Heif, SampledAsOneFrameThatLooksLikeTheSource) {
  std::vector<Frame> frames;
  SampleStats stats;
  EXPECT_EQ(sample_frames(astronaut_avif(), {32, 2}, [&](Frame&& f) { frames.push_back(std::move(f)); }, &stats), 1);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_TRUE(stats.still_image);
  EXPECT_EQ(stats.duration_s, 0);
  cv::Mat source = cv::imread(test_clips().astronaut_png.string(), cv::IMREAD_COLOR);
  ASSERT_EQ(frames[0].bgr.size(), source.size());
  // Lossy AV1 at crf 20: close to the PNG in every channel, and in BGR order
  // (a swapped order would differ by far more on this picture).
  cv::Scalar diff = cv::mean(cv::abs(frames[0].bgr - source));
  for (int c = 0; c < 3; ++c) EXPECT_LT(diff[c], 6.0) << "channel " << c;
  frames.clear();
  sample_frames(kHeic, {4, 2}, [&](Frame&& f) { frames.push_back(std::move(f)); });
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].bgr.type(), CV_8UC3);
}

TEST(Heif, TooLargeOrBrokenPicturesGetTheirStableCodes) {
  MediaInfo info;
  info.content_type = "image/avif";
  EXPECT_EQ(error_code_of([&] { probe_media(astronaut_avif(), {3600, 512 * 511}, info); }), ErrorCode::RESOLUTION_TOO_HIGH);
  EXPECT_EQ(error_code_of([&] { sample_frames(astronaut_avif(), {1, 1, false, 512 * 511}, [](Frame&&) {}); }),
            ErrorCode::RESOLUTION_TOO_HIGH);
  auto cut = test_clips().dir / "cut.heic";
  std::filesystem::copy_file(kHeic, cut, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::permissions(cut, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
  std::filesystem::resize_file(cut, std::filesystem::file_size(kHeic) / 2);
  MediaInfo broken;
  broken.content_type = sniff_media_type(cut);
  EXPECT_EQ(error_code_of([&] { probe_media(cut, {}, broken); }), ErrorCode::CORRUPT_MEDIA);
  auto header_only = with_bytes("header-only.heic", ftyp("heic", "mif1heic"));
  broken.content_type = sniff_media_type(header_only);
  EXPECT_EQ(error_code_of([&] { probe_media(header_only, {}, broken); }), ErrorCode::CORRUPT_MEDIA);
}

}  // namespace
}  // namespace deeptrace::media
