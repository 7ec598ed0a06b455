// A JPEG's EXIF Orientation turns the picture for analysis as a viewer
// turns it for display: the rotation read, and the frames and sizes given.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

#include "media/exif_orientation.hpp"
#include "media/frames.hpp"
#include "test_clips.hpp"

namespace deeptrace::media {
namespace {

void put16(std::vector<std::uint8_t>& out, unsigned v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
void put32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  put16(out, v >> 16);
  put16(out, v & 0xffff);
}

// A 64 x 32 JPEG (wide, left half white) with an APP1 Exif segment holding
// only Orientation (big-endian TIFF), or no Exif when orientation is 0.
std::filesystem::path jpeg_with_orientation(const std::filesystem::path& dir, int orientation) {
  cv::Mat picture(32, 64, CV_8UC3, cv::Scalar(0, 0, 0));
  picture(cv::Rect(0, 0, 32, 32)).setTo(cv::Scalar(255, 255, 255));
  std::vector<std::uint8_t> jpeg;
  cv::imencode(".jpg", picture, jpeg);
  std::vector<std::uint8_t> tiff = {'M', 'M', 0, 0x2a};
  put32(tiff, 8);
  put16(tiff, 1);                                   // one IFD entry:
  put16(tiff, 0x0112), put16(tiff, 3), put32(tiff, 1);  // Orientation, SHORT, 1
  put16(tiff, static_cast<unsigned>(orientation)), put16(tiff, 0);
  put32(tiff, 0);  // no next IFD
  std::vector<std::uint8_t> app1 = {0xff, 0xe1};
  put16(app1, static_cast<unsigned>(2 + 6 + tiff.size()));
  for (char c : std::string("Exif\0\0", 6)) app1.push_back(static_cast<std::uint8_t>(c));
  app1.insert(app1.end(), tiff.begin(), tiff.end());
  if (orientation != 0) jpeg.insert(jpeg.begin() + 2, app1.begin(), app1.end());
  auto path = dir / ("orientation-" + std::to_string(orientation) + ".jpg");
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(jpeg.data()), static_cast<std::streamsize>(jpeg.size()));
  return path;
}

// Beside the generated clips (a per-machine cache, never committed).
class ExifOrientation : public ::testing::Test {
 protected:
  void SetUp() override { std::filesystem::create_directories(dir_); }
  const std::filesystem::path dir_ = testing::test_clips().dir / "exif";
};

TEST_F(ExifOrientation, TheTagGivesTheClockwiseTurn) {
  EXPECT_EQ(exif_clockwise_rotation(jpeg_with_orientation(dir_, 0)), 0);
  EXPECT_EQ(exif_clockwise_rotation(jpeg_with_orientation(dir_, 1)), 0);
  EXPECT_EQ(exif_clockwise_rotation(jpeg_with_orientation(dir_, 3)), 180);
  EXPECT_EQ(exif_clockwise_rotation(jpeg_with_orientation(dir_, 6)), 90);
  EXPECT_EQ(exif_clockwise_rotation(jpeg_with_orientation(dir_, 8)), 270);
  EXPECT_EQ(exif_clockwise_rotation(jpeg_with_orientation(dir_, 2)), 0) << "mirrored: not turned";
  EXPECT_EQ(exif_clockwise_rotation(dir_ / "missing.jpg"), 0);
}

TEST_F(ExifOrientation, ThePictureIsSampledAsDisplayed) {
  std::vector<Frame> frames;
  SampleStats stats;
  SampleOptions options;
  options.count = 1;
  sample_frames(jpeg_with_orientation(dir_, 6), options, [&](Frame&& f) { frames.push_back(std::move(f)); }, &stats);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(stats.rotation, 90);
  ASSERT_EQ(frames[0].bgr.cols, 32) << "a quarter turn: the wide picture stands up";
  ASSERT_EQ(frames[0].bgr.rows, 64);
  // Turned clockwise, the white left half is now on top.
  EXPECT_GT(cv::mean(frames[0].bgr(cv::Rect(0, 0, 32, 32)))[0], 200);
  EXPECT_LT(cv::mean(frames[0].bgr(cv::Rect(0, 32, 32, 32)))[0], 50);
}

}  // namespace
}  // namespace deeptrace::media
