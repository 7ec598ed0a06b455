#include "media/semi_planar.hpp"

#include <cstdint>

extern "C" {
#include <libavutil/pixfmt.h>
}

#include "core/errors.hpp"

namespace deeptrace::media::detail {
namespace {

// P010 keeps each 10-bit sample in the high bits of its 16; yuv420p10le in
// the low ones. NV12 and yuv420p share their 8-bit samples.
template <typename Sample, int Shift>
void copy_samples(const uint8_t* from, int from_stride, uint8_t* to, int to_stride, int width, int height) {
  for (int y = 0; y < height; ++y) {
    auto in = reinterpret_cast<const Sample*>(from + static_cast<std::ptrdiff_t>(y) * from_stride);
    auto out = reinterpret_cast<Sample*>(to + static_cast<std::ptrdiff_t>(y) * to_stride);
    for (int x = 0; x < width; ++x) out[x] = static_cast<Sample>(in[x] >> Shift);
  }
}

// The interleaved chroma plane (U V U V ...) split into U and V.
template <typename Sample, int Shift>
void split_chroma(const AVFrame& from, AVFrame& to, int width, int height) {
  for (int y = 0; y < height; ++y) {
    auto in = reinterpret_cast<const Sample*>(from.data[1] + static_cast<std::ptrdiff_t>(y) * from.linesize[1]);
    auto u = reinterpret_cast<Sample*>(to.data[1] + static_cast<std::ptrdiff_t>(y) * to.linesize[1]);
    auto v = reinterpret_cast<Sample*>(to.data[2] + static_cast<std::ptrdiff_t>(y) * to.linesize[2]);
    for (int x = 0; x < width; ++x) {
      u[x] = static_cast<Sample>(in[2 * x] >> Shift);
      v[x] = static_cast<Sample>(in[2 * x + 1] >> Shift);
    }
  }
}

template <typename Sample, int Shift>
void to_planar(const AVFrame& from, AVFrame& to) {
  int chroma_width = (from.width + 1) / 2, chroma_height = (from.height + 1) / 2;
  copy_samples<Sample, Shift>(from.data[0], from.linesize[0], to.data[0], to.linesize[0], from.width, from.height);
  split_chroma<Sample, Shift>(from, to, chroma_width, chroma_height);
}

}  // namespace

FramePtr planar_twin(const AVFrame& frame) {
  AVPixelFormat planar;
  if (frame.format == AV_PIX_FMT_NV12) planar = AV_PIX_FMT_YUV420P;
  else if (frame.format == AV_PIX_FMT_P010LE) planar = AV_PIX_FMT_YUV420P10LE;
  else return nullptr;
  FramePtr out(av_frame_alloc());
  if (!out) throw Error(ErrorCode::INTERNAL, "out of memory allocating a frame");
  out->format = planar;
  out->width = frame.width;
  out->height = frame.height;
  if (av_frame_get_buffer(out.get(), 0) < 0 || av_frame_copy_props(out.get(), &frame) < 0)
    throw Error(ErrorCode::INTERNAL, "out of memory copying a picture from the GPU");
  if (planar == AV_PIX_FMT_YUV420P) to_planar<uint8_t, 0>(frame, *out);
  else to_planar<uint16_t, 6>(frame, *out);
  return out;
}

}  // namespace deeptrace::media::detail
