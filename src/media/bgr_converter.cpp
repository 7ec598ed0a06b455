#include "media/bgr_converter.hpp"

#include <algorithm>
#include <cmath>

extern "C" {
#include <libswscale/swscale.h>
}
#include <opencv2/core.hpp>

#include "core/errors.hpp"
#include "media/av_decoder.hpp"
#include "media/semi_planar.hpp"

namespace deeptrace::media::detail {
namespace {

// swscale's SIMD converters write whole blocks of pixels, so a row whose
// width is not a multiple of the block (1080 px: 3,240 bytes) is written past
// its end; into a tightly packed picture that corrupts the heap after the
// last row (portrait 1080x1920 video crashed the worker). So the picture is
// a view into a buffer with 64-byte aligned rows, at least kSpillPixels
// spare pixels at the end of each, and one spare row.
constexpr int kSpillPixels = 32;
constexpr int kRowAlignPixels = 64;  // 64 px * 3 bytes: rows stay 64-byte aligned

cv::Mat padded_bgr(int width, int height) {
  int stride_pixels = (width + kSpillPixels + kRowAlignPixels - 1) / kRowAlignPixels * kRowAlignPixels;
  cv::Mat buffer(height + 1, stride_pixels, CV_8UC3);
  return buffer(cv::Rect(0, 0, width, height));
}

}  // namespace

void BgrConverter::SwsFreer::operator()(SwsContext* c) const { sws_freeContext(c); }

BgrConverter::BgrConverter(int rotation, AVRational sample_aspect_ratio, int max_side, bool from_gpu)
    : rotation_(rotation), sample_aspect_ratio_(sample_aspect_ratio), max_side_(max_side), from_gpu_(from_gpu) {}
BgrConverter::~BgrConverter() = default;

cv::Mat BgrConverter::convert(const AVFrame* frame) {
  FramePtr planar = from_gpu_ ? planar_twin(*frame) : nullptr;
  if (planar) frame = planar.get();
  cv::Size out = output_size(frame);
  prepare_for(frame, out);
  cv::Mat bgr = padded_bgr(out.width, out.height);
  uint8_t* dst[] = {bgr.data};
  int dst_stride[] = {static_cast<int>(bgr.step)};
  sws_scale(sws_.get(), frame->data, frame->linesize, 0, frame->height, dst, dst_stride);
  return rotate(bgr);
}

cv::Size BgrConverter::output_size(const AVFrame* frame) const {
  int width = stretched_width(frame->width, sample_aspect_ratio_);
  int longer = std::max(width, frame->height);
  if (max_side_ <= 0 || longer <= max_side_) return {width, frame->height};
  double scale = static_cast<double>(max_side_) / longer;
  return {std::max(1, static_cast<int>(std::lround(width * scale))),
          std::max(1, static_cast<int>(std::lround(frame->height * scale)))};
}

void BgrConverter::prepare_for(const AVFrame* frame, cv::Size out) {
  sws_.reset(sws_getCachedContext(sws_.release(), frame->width, frame->height,
                                  static_cast<AVPixelFormat>(frame->format), out.width, out.height, AV_PIX_FMT_BGR24,
                                  SWS_BILINEAR, nullptr, nullptr, nullptr));
  if (!sws_) throw Error(ErrorCode::CORRUPT_MEDIA, "unsupported pixel format");
  Layout layout{frame->width, frame->height, frame->format, frame->colorspace, frame->color_range};
  if (layout == layout_) return;
  use_colour_signalling(frame);
  layout_ = layout;
}

// swscale assumes BT.601 limited range unless told (it only recognises
// full range from the yuvj* formats): take the matrix and range the stream
// signals, as the ffmpeg CLI does, or HD and full-range video comes out
// with shifted colours and contrast.
void BgrConverter::use_colour_signalling(const AVFrame* frame) {
  int *inverse_table = nullptr, *table = nullptr;
  int src_range = 0, dst_range = 0, brightness = 0, contrast = 0, saturation = 0;
  sws_getColorspaceDetails(sws_.get(), &inverse_table, &src_range, &table, &dst_range, &brightness, &contrast,
                           &saturation);
  if (frame->color_range == AVCOL_RANGE_JPEG) src_range = 1;
  sws_setColorspaceDetails(sws_.get(), sws_getCoefficients(frame->colorspace), src_range, table, dst_range,
                           brightness, contrast, saturation);
}

cv::Mat BgrConverter::rotate(const cv::Mat& bgr) const {
  if (rotation_ == 0) return bgr;
  cv::Mat turned;
  if (rotation_ == 90) cv::rotate(bgr, turned, cv::ROTATE_90_CLOCKWISE);
  else if (rotation_ == 180) cv::rotate(bgr, turned, cv::ROTATE_180);
  else if (rotation_ == 270) cv::rotate(bgr, turned, cv::ROTATE_90_COUNTERCLOCKWISE);
  else return bgr;  // odd angles: leave as stored
  return turned;
}

}  // namespace deeptrace::media::detail
