// Picture sizes read from still-image headers, checked against images the
// ffmpeg CLI writes at an odd size in each layout.
#include <gtest/gtest.h>

#include <fstream>

#include "media/image_size.hpp"
#include "test_clips.hpp"

namespace deeptrace::media {
namespace {

namespace fs = std::filesystem;
using testing::ffmpeg;
using testing::quoted;

const fs::path& images() {
  static const fs::path dir = testing::generated_once("deeptrace-image-sizes-v1", [](const fs::path& d) {
    const std::string source = "-f lavfi -i testsrc=size=333x217 -frames:v 1 ";
    ffmpeg(source + quoted(d / "picture.png"));
    ffmpeg(source + quoted(d / "baseline.jpg"));
    ffmpeg(source + "-c:v mjpeg -huffman optimal " + quoted(d / "optimal.jpg"));
    ffmpeg(source + "-c:v libwebp " + quoted(d / "lossy.webp"));                   // VP8
    ffmpeg(source + "-c:v libwebp -lossless 1 " + quoted(d / "lossless.webp"));     // VP8L
    ffmpeg(source + "-vf format=rgba -c:v libwebp " + quoted(d / "alpha.webp"));    // VP8X
    ffmpeg("-f lavfi -i testsrc=size=333x217 -frames:v 1 -vf format=yuvj420p -c:v mjpeg "
           "-metadata comment=a-long-comment-segment-before-the-frame " + quoted(d / "comment.jpg"));
    std::ofstream(d / "text.txt") << "not an image\n";
    std::ofstream(d / "truncated.png", std::ios::binary) << std::string("\x89PNG\r\n\x1A\n\0\0\0\rIHDR", 16);
  });
  return dir;
}

void expect_size(const char* name, long long width, long long height) {
  auto size = read_image_size(images() / name);
  ASSERT_TRUE(size.has_value()) << name;
  EXPECT_EQ(size->width, width) << name;
  EXPECT_EQ(size->height, height) << name;
}

TEST(ImageSize, ReadsPngJpegAndEachWebpLayout) {
  for (const char* name : {"picture.png", "baseline.jpg", "optimal.jpg", "comment.jpg", "lossy.webp", "lossless.webp",
                           "alpha.webp"})
    expect_size(name, 333, 217);
}

TEST(ImageSize, SaysNothingForOtherOrTruncatedFiles) {
  EXPECT_FALSE(read_image_size(images() / "text.txt").has_value());
  EXPECT_FALSE(read_image_size(images() / "truncated.png").has_value());
  EXPECT_FALSE(read_image_size(images() / "missing.png").has_value());
}

}  // namespace
}  // namespace deeptrace::media
