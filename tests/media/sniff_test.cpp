#include <fstream>

#include <gtest/gtest.h>

#include "media/probe.hpp"
#include "test_clips.hpp"

namespace deeptrace::media {
namespace {

using testing::error_code_of;
using testing::test_clips;

std::string rejection_message(const std::filesystem::path& file) {
  try {
    sniff_media_type(file);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::UNSUPPORTED_MEDIA);
    return e.what();
  }
  ADD_FAILURE() << file << " was accepted";
  return {};
}

TEST(Sniff, RecognisesVideoContainers) {
  const auto& c = test_clips();
  EXPECT_EQ(sniff_media_type(c.megamind_mp4), "video/mp4");
  EXPECT_EQ(sniff_media_type(c.megamind_avi), "video/x-msvideo");
  EXPECT_EQ(sniff_media_type(c.megamind_mkv), "video/x-matroska");
  EXPECT_EQ(sniff_media_type(c.megamind_ts), "video/mp2t");
}

TEST(Sniff, RecognisesStillImages) {
  const auto& c = test_clips();
  EXPECT_EQ(sniff_media_type(c.jpeg), "image/jpeg");
  EXPECT_EQ(sniff_media_type(c.astronaut_png), "image/png");
  auto webp = c.dir / "head.webp";
  std::ofstream(webp, std::ios::binary) << std::string("RIFF\x10\0\0\0WEBPVP8 ", 16);
  EXPECT_EQ(sniff_media_type(webp), "image/webp");
  EXPECT_TRUE(is_image_type("image/png"));
  EXPECT_FALSE(is_image_type("video/mp4"));
}

TEST(Sniff, RejectsOtherImagesAndTextSayingWhatTheyLookLike) {
  const auto& c = test_clips();
  auto gif = c.dir / "tiny.gif";
  std::ofstream(gif, std::ios::binary) << "GIF89a\x01\0\x01\0";
  EXPECT_NE(rejection_message(gif).find("GIF"), std::string::npos);
  EXPECT_NE(rejection_message(c.text_as_mp4).find("text"), std::string::npos);
}

TEST(Sniff, RejectsAnEmptyFile) {
  auto empty = test_clips().dir / "empty.mp4";
  std::ofstream{empty};
  EXPECT_NE(rejection_message(empty).find("empty"), std::string::npos);
}

TEST(Sniff, MissingFileIsAnError) {
  EXPECT_EQ(error_code_of([] { sniff_media_type("/nonexistent/file.mp4"); }), ErrorCode::CORRUPT_MEDIA);
}

}  // namespace
}  // namespace deeptrace::media
