// NVDEC's semi-planar pictures made planar (issue 16). No GPU needed: the
// semi-planar picture is built here from a planar one, and must come back
// sample for sample; hw_decode_test compares real NVDEC frames on a GPU.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <stdexcept>

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixfmt.h>
}

#include <opencv2/core.hpp>

#include "media/bgr_converter.hpp"
#include "media/semi_planar.hpp"

namespace deeptrace::media::detail {
namespace {

FramePtr frame_of(AVPixelFormat format, int width, int height) {
  FramePtr f(av_frame_alloc());
  f->format = format;
  f->width = width;
  f->height = height;
  if (av_frame_get_buffer(f.get(), 0) < 0) throw std::runtime_error("av_frame_get_buffer failed");
  return f;
}

template <typename Sample>
Sample& at(const AVFrame& f, int plane, int x, int y) {
  return reinterpret_cast<Sample*>(f.data[plane] + static_cast<std::ptrdiff_t>(y) * f.linesize[plane])[x];
}

// A planar picture of random samples below 2^bits, and its semi-planar twin
// (chroma interleaved; samples shifted to the high bits by `shift`).
template <typename Sample>
std::pair<FramePtr, FramePtr> planar_and_semi_planar(AVPixelFormat planar, AVPixelFormat semi, int bits, int shift,
                                                      int width, int height) {
  FramePtr p = frame_of(planar, width, height), s = frame_of(semi, width, height);
  std::mt19937 random(16);
  auto sample = [&] { return static_cast<Sample>(random() % (1u << bits)); };
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) at<Sample>(*s, 0, x, y) = static_cast<Sample>((at<Sample>(*p, 0, x, y) = sample()) << shift);
  for (int y = 0; y < (height + 1) / 2; ++y)
    for (int x = 0; x < (width + 1) / 2; ++x) {
      at<Sample>(*s, 1, 2 * x, y) = static_cast<Sample>((at<Sample>(*p, 1, x, y) = sample()) << shift);
      at<Sample>(*s, 1, 2 * x + 1, y) = static_cast<Sample>((at<Sample>(*p, 2, x, y) = sample()) << shift);
    }
  s->pts = 4200;
  s->color_range = AVCOL_RANGE_MPEG;
  s->colorspace = AVCOL_SPC_BT709;
  return {std::move(p), std::move(s)};
}

template <typename Sample>
void expect_same_samples(const AVFrame& want, const AVFrame& got) {
  ASSERT_EQ(got.format, want.format);
  ASSERT_EQ(got.width, want.width);
  ASSERT_EQ(got.height, want.height);
  for (int plane = 0; plane < 3; ++plane) {
    int w = plane ? (want.width + 1) / 2 : want.width, h = plane ? (want.height + 1) / 2 : want.height;
    for (int y = 0; y < h; ++y)
      for (int x = 0; x < w; ++x)
        ASSERT_EQ(at<Sample>(got, plane, x, y), at<Sample>(want, plane, x, y)) << "plane " << plane << " at " << x << "," << y;
  }
}

// Odd sizes too: the last chroma column and row cover one luma sample.
TEST(SemiPlanar, Nv12BecomesTheYuv420pItCameFrom) {
  for (auto [w, h] : {std::pair{64, 36}, std::pair{33, 17}}) {
    auto [planar, semi] = planar_and_semi_planar<uint8_t>(AV_PIX_FMT_YUV420P, AV_PIX_FMT_NV12, 8, 0, w, h);
    FramePtr twin = planar_twin(*semi);
    ASSERT_TRUE(twin);
    expect_same_samples<uint8_t>(*planar, *twin);
    EXPECT_EQ(twin->pts, 4200) << "timestamps kept";
    EXPECT_EQ(twin->colorspace, AVCOL_SPC_BT709) << "colour signalling kept";
    EXPECT_EQ(twin->color_range, AVCOL_RANGE_MPEG);
  }
}

TEST(SemiPlanar, P010BecomesTheYuv420p10ItCameFrom) {
  auto [planar, semi] = planar_and_semi_planar<uint16_t>(AV_PIX_FMT_YUV420P10LE, AV_PIX_FMT_P010LE, 10, 6, 48, 31);
  FramePtr twin = planar_twin(*semi);
  ASSERT_TRUE(twin);
  expect_same_samples<uint16_t>(*planar, *twin);
}

// A converter told its pictures are NVDEC's gives an NV12 picture the BGR
// pixels of the planar picture it came from.
TEST(SemiPlanar, TheConverterTakesGpuPicturesThePlanarPath) {
  auto [planar, semi] = planar_and_semi_planar<uint8_t>(AV_PIX_FMT_YUV420P, AV_PIX_FMT_NV12, 8, 0, 64, 36);
  av_frame_copy_props(planar.get(), semi.get());  // the same colour signalling
  cv::Mat want = BgrConverter({}).convert(planar.get());
  cv::Mat got = BgrConverter({.from_gpu = true}).convert(semi.get());
  EXPECT_EQ(cv::norm(want, got, cv::NORM_INF), 0.0);
}

TEST(SemiPlanar, OtherFormatsHaveNoTwin) {
  FramePtr f = frame_of(AV_PIX_FMT_YUV420P, 16, 16);
  EXPECT_FALSE(planar_twin(*f));
}

}  // namespace
}  // namespace deeptrace::media::detail
