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

// Audio files are audio jobs: Ogg by the codec its first page names, MP3
// and raw AAC (ADTS) by their frame headers when no ID3 tag comes first.
TEST(Sniff, RecognisesAudioFiles) {
  auto dir = test_clips().dir;
  auto head = [&](const std::string& name, const std::string& bytes) {
    std::ofstream(dir / name, std::ios::binary) << bytes;
    return sniff_media_type(dir / name);
  };
  EXPECT_EQ(head("opus.ogg", std::string("OggS\0\x02", 6) + std::string(22, '\0') + "\x13OpusHead"), "audio/ogg");
  EXPECT_EQ(head("vorbis.ogg", std::string("OggS\0\x02", 6) + std::string(22, '\0') + "\x01vorbis"), "audio/ogg");
  EXPECT_EQ(head("theora.ogv", std::string("OggS\0\x02", 6) + std::string(22, '\0') + "\x80theora"), "video/ogg");
  EXPECT_EQ(head("plain.mp3", std::string("\xFF\xFB\x90\x64", 4) + std::string(100, '\0')), "audio/mpeg");
  EXPECT_EQ(head("tagged.mp3", "ID3\x04\0\0\0\0\0\0"), "audio/mpeg");
  EXPECT_EQ(head("raw.aac", std::string("\xFF\xF1\x50\x80", 4) + std::string(100, '\0')), "audio/aac");
  EXPECT_EQ(head("pcm.wav", std::string("RIFF\x24\0\0\0WAVEfmt ", 16)), "audio/wav");
  // Bytes that only start like a frame header (reserved bitrate) are not audio.
  EXPECT_EQ(error_code_of([&] { head("junk.bin", std::string("\xFF\xFB\xF0\x00\x01\x02", 6)); }),
            ErrorCode::UNSUPPORTED_MEDIA);
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
