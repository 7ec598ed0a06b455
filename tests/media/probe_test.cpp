#include <sys/resource.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "media/probe.hpp"
#include "media_matrix.hpp"
#include "test_clips.hpp"

namespace deeptrace::media {
namespace {

using testing::error_code_of;
using testing::test_clips;

ErrorCode probe_error(const std::filesystem::path& file, double max_duration_s = 3600) {
  return error_code_of([&] {
    MediaInfo info;
    probe_media(file, ProbeLimits{max_duration_s}, info);
  });
}

TEST(Probe, DescribesAnH264Mp4) {
  MediaInfo info;
  info.sha256 = "kept";
  probe_media(test_clips().megamind_mp4, {}, info);
  EXPECT_EQ(info.sha256, "kept");
  EXPECT_EQ(info.codec, "h264");
  EXPECT_NE(info.container.find("mp4"), std::string::npos);
  EXPECT_EQ(info.width, 720);
  EXPECT_EQ(info.height, 528);
  EXPECT_GT(info.fps, 1);
  EXPECT_NEAR(info.duration_s, 11.0, 1.5);
}

TEST(Probe, AcceptsOtherContainers) {
  for (const auto& file : {test_clips().megamind_avi, test_clips().megamind_mkv, test_clips().megamind_ts}) {
    MediaInfo info;
    EXPECT_NO_THROW(probe_media(file, {}, info)) << file;
    EXPECT_EQ(info.width, 720) << file;
  }
}

TEST(Probe, AudioOnlyIsProbedAsAudio) {
  MediaInfo info;
  probe_media(test_clips().audio_only_mp4, {}, info);
  EXPECT_TRUE(is_audio_only(info));
  EXPECT_EQ(media_kind(info), "audio");
  EXPECT_EQ(info.codec, "aac");
  EXPECT_EQ(info.width, 0);
  EXPECT_EQ(info.height, 0);
  EXPECT_EQ(info.fps, 0);
  EXPECT_NEAR(info.duration_s, 1.0, 0.1);
}

// Found by sniff_probe_fuzz: a file that begins like a JPEG (so it is sniffed
// as image/jpeg) but holds an MPEG stream of MP3 sound was accepted as an
// image without a size. A file that claims to be an image is an image or
// corrupt, never a sound file.
TEST(Probe, AFileSniffedAsAnImageIsNeverProbedAsSound) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("deeptrace-probe-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::path sound = dir / "sound.mpg", disguised = dir / "upload";  // stored uploads have no extension
  testing::ffmpeg("-f lavfi -i sine=frequency=440:duration=1 -c:a libmp3lame -f mpeg " + testing::quoted(sound));
  {
    std::ifstream in(sound, std::ios::binary);
    std::ofstream out(disguised, std::ios::binary);
    out << std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01\x02\x00\x00\x01\x00\x01\x00\x00", 20) << in.rdbuf();
  }
  MediaInfo info;
  info.content_type = "image/jpeg";  // what sniff_media_type says of it
  ErrorCode code = error_code_of([&] { probe_media(disguised, {}, info); });
  std::filesystem::remove_all(dir);
  EXPECT_EQ(code, ErrorCode::CORRUPT_MEDIA);
}

TEST(Probe, UnreadableFilesAreCorrupt) {
  EXPECT_EQ(probe_error(test_clips().truncated_nomoov), ErrorCode::CORRUPT_MEDIA);
  EXPECT_EQ(probe_error(test_clips().text_as_mp4), ErrorCode::CORRUPT_MEDIA);
}

TEST(Probe, HeadersWithoutDecodableFramesAreCorrupt) {
  EXPECT_EQ(probe_error(test_clips().zeroed_frames_mp4), ErrorCode::CORRUPT_MEDIA);
}

TEST(Probe, AudioOnlyFilesOfEveryContainerAreAudio) {
  for (const char* name : {"m4a_audio_only", "wav_audio_only"}) {
    MediaInfo info;
    probe_media(testing::matrix_case(name).file, {}, info);
    EXPECT_TRUE(is_audio_only(info)) << name;
  }
}

TEST(Probe, KindsOfMedia) {
  MediaInfo video;
  probe_media(test_clips().megamind_mp4, {}, video);
  EXPECT_FALSE(is_audio_only(video));
  EXPECT_EQ(media_kind(video), "video");
  MediaInfo image;
  image.content_type = sniff_media_type(test_clips().jpeg);
  probe_media(test_clips().jpeg, {}, image);
  EXPECT_FALSE(is_audio_only(image));
  EXPECT_EQ(media_kind(image), "image");
}

// 16000 x 16000 pixels in 750 KB: refused from its header, in milliseconds
// and without the gigabyte that decoding it takes.
TEST(Probe, RefusesADecompressionBombUnread) {
  EXPECT_EQ(probe_error(testing::matrix_case("png_decompression_bomb").file), ErrorCode::RESOLUTION_TOO_HIGH);
}

// 4294967295 x 4294967295 in the header: the product overflows 64 bits and
// wrapped to a negative number below any cap (a fuzzer found it).
TEST(Probe, RefusesAHeaderSizeWhoseProductOverflows) {
  auto file = std::filesystem::temp_directory_path() / "deeptrace-huge-ihdr.png";
  std::ofstream(file, std::ios::binary) << std::string("\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR", 16)
                                        << std::string("\xFF\xFF\xFF\xFF\xFF\xFF\xFF\xFF\x08\x02\0\0\0", 13)
                                        << std::string(4, '\0');
  EXPECT_EQ(probe_error(file), ErrorCode::RESOLUTION_TOO_HIGH);
  std::filesystem::remove(file);
}

// sniff_probe_fuzz: a 97-byte WAV whose LIST/INFO tag claimed 2 GB made
// libavformat allocate (and zero) 2 GB before finding the file too short.
// No single FFmpeg allocation may exceed what a decoded picture at the pixel
// cap needs; the file is corrupt.
TEST(Probe, AMetadataTagClaimingGigabytesIsNotAllocated) {
  auto file = std::filesystem::temp_directory_path() / "deeptrace-huge-info-tag.wav";
  auto le32 = [](std::uint32_t v) { return std::string{char(v), char(v >> 8), char(v >> 16), char(v >> 24)}; };
  std::string samples(16000, '\0');  // one second of 8 kHz 16-bit silence
  std::ofstream(file, std::ios::binary)
      << "RIFF" << le32(4 + 24 + 20 + 8 + samples.size()) << "WAVE"                       //
      << "fmt " << le32(16) << std::string("\1\0\1\0", 4) << le32(8000) << le32(16000)  //
      << std::string("\2\0\x10\0", 4)                                                 //
      << "LIST" << le32(0xFFFFFF00u) << "INFO" << "ISFT" << le32(0x78000000u) << "Lavf"  //
      << "data" << le32(static_cast<std::uint32_t>(samples.size())) << samples;
  rusage before{};
  getrusage(RUSAGE_SELF, &before);
  MediaInfo info;
  info.content_type = sniff_media_type(file);
  EXPECT_EQ(error_code_of([&] { probe_media(file, {}, info); }), ErrorCode::CORRUPT_MEDIA);
  rusage after{};
  getrusage(RUSAGE_SELF, &after);
  const long grew_mb = (after.ru_maxrss - before.ru_maxrss) / 1024;
  EXPECT_LT(grew_mb, 512) << "probing a 16 KB WAV raised the peak memory by " << grew_mb << " MB";
  std::filesystem::remove(file);
}

TEST(Probe, EnforcesTheDurationLimit) {
  EXPECT_EQ(probe_error(test_clips().megamind_mp4, 5.0), ErrorCode::MEDIA_TOO_LONG);
}

}  // namespace
}  // namespace deeptrace::media
