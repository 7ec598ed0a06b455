#include "media/bgr_converter.hpp"

#include <algorithm>
#include <cmath>

extern "C" {
#include <libavutil/pixdesc.h>
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

BgrConverter::BgrConverter(const Options& options) : options_(options) {}
BgrConverter::~BgrConverter() = default;

cv::Mat BgrConverter::convert(const AVFrame* frame) {
  FramePtr planar = options_.from_gpu ? planar_twin(*frame) : nullptr;
  if (planar) frame = planar.get();
  cv::Size out = output_size(frame);
  Rows rows = rows_to_read(*frame);
  prepare_for(frame, rows.height, out);
  cv::Mat bgr = padded_bgr(out.width, out.height);
  uint8_t* dst[] = {bgr.data};
  int dst_stride[] = {static_cast<int>(bgr.step)};
  sws_scale(sws_.get(), frame->data, rows.linesize.data(), 0, rows.height, dst, dst_stride);
  return rotate(bgr);
}

// An interlaced frame holds two fields taken a field period apart (1/50 or
// 1/60 s): read whole, every other row comes from the other moment, and
// anything that moved is combed, which landmarks followed from frame to
// frame take for jitter. So swscale reads the top field alone (every other
// row of each plane: twice the stride, half the height) and scales it back
// to the full height, in the same pass. Pixel formats whose planes are not
// all rows of the picture (paletted, bitstream) are read whole.
bool BgrConverter::reads_top_field(const AVFrame& frame) const {
  if (!options_.top_field_of_interlaced || !holds_woven_fields(frame) || frame.height < 2) return false;
  const AVPixFmtDescriptor* format = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(frame.format));
  return format && !(format->flags & (AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_BITSTREAM | AV_PIX_FMT_FLAG_HWACCEL));
}

bool BgrConverter::is_lone_field(const AVFrame& frame) const {
  return options_.interlacing == Interlacing::LoneFields && frame.interlaced_frame;
}

bool BgrConverter::holds_woven_fields(const AVFrame& frame) const {
  switch (options_.interlacing) {
    case Interlacing::PerFrame: return frame.interlaced_frame;
    case Interlacing::WovenPerContainer: return true;
    case Interlacing::LoneFields: return false;
  }
  return false;
}

BgrConverter::Rows BgrConverter::rows_to_read(const AVFrame& frame) const {
  Rows rows;
  std::copy(std::begin(frame.linesize), std::end(frame.linesize), rows.linesize.begin());
  rows.height = frame.height;
  if (!reads_top_field(frame)) return rows;
  for (int& linesize : rows.linesize) linesize *= 2;
  rows.height = (frame.height + 1) / 2;
  return rows;
}

// A lone field is shown as tall as its frame (bob deinterlacing), the bottom
// field half a row low left as it is.
cv::Size BgrConverter::output_size(const AVFrame* frame) const {
  int width = stretched_width(frame->width, options_.sample_aspect_ratio);
  int height = is_lone_field(*frame) ? 2 * frame->height : frame->height;
  int longer = std::max(width, height);
  if (options_.max_side <= 0 || longer <= options_.max_side) return {width, height};
  double scale = static_cast<double>(options_.max_side) / longer;
  return {std::max(1, static_cast<int>(std::lround(width * scale))),
          std::max(1, static_cast<int>(std::lround(height * scale)))};
}

void BgrConverter::prepare_for(const AVFrame* frame, int height, cv::Size out) {
  sws_.reset(sws_getCachedContext(sws_.release(), frame->width, height, static_cast<AVPixelFormat>(frame->format),
                                  out.width, out.height, AV_PIX_FMT_BGR24, SWS_BILINEAR, nullptr, nullptr, nullptr));
  if (!sws_) throw Error(ErrorCode::CORRUPT_MEDIA, "unsupported pixel format");
  Layout layout{frame->width, height, frame->format, frame->colorspace, frame->color_range};
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
  int rotation = options_.rotation;
  if (rotation == 0) return bgr;
  cv::Mat turned;
  if (rotation == 90) cv::rotate(bgr, turned, cv::ROTATE_90_CLOCKWISE);
  else if (rotation == 180) cv::rotate(bgr, turned, cv::ROTATE_180);
  else if (rotation == 270) cv::rotate(bgr, turned, cv::ROTATE_90_COUNTERCLOCKWISE);
  else return bgr;  // odd angles: leave as stored
  return turned;
}

}  // namespace deeptrace::media::detail
