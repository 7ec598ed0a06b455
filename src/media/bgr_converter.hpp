#pragma once
// Internal to deeptrace_media: decoded pictures to upright 8-bit BGR, shared
// by the sparse sampler (frames.cpp) and the consecutive-frame windows
// (frame_windows.cpp).
#include <array>
#include <memory>

extern "C" {
#include <libavutil/frame.h>
#include <libavutil/pixfmt.h>
#include <libavutil/rational.h>
}
#include <opencv2/core.hpp>

#include "media/av_decoder.hpp"

struct SwsContext;

namespace deeptrace::media::detail {

class BgrConverter {
 public:
  struct Options {
    // Degrees clockwise to display upright (0, 90, 180, 270).
    int rotation = 0;
    // The width is stretched by it (in the same swscale pass), so that
    // pixels come out square, as players show them.
    AVRational sample_aspect_ratio{1, 1};
    // > 0: scale down (in swscale, which is cheaper than a resize
    // afterwards) so that the longer side is at most that many pixels; the
    // aspect ratio is kept. 0: full size.
    int max_side = 0;
    // The pictures are NVDEC's (VideoDecoder::decodes_on_gpu); NV12 and P010
    // are first made the planar formats the CPU decoder gives
    // (semi_planar.hpp), so that both take the same path to BGR. Only the
    // pictures converted pay for that copy.
    bool from_gpu = false;
    // An interlaced frame comes out as its top field scaled to the full
    // height (rows_to_read says why); off, as its two fields woven.
    bool top_field_of_interlaced = false;
    // How the stream's pictures hold interlaced video
    // (VideoDecoder::interlacing). A lone field always comes out stretched
    // to the frame's height.
    Interlacing interlacing = Interlacing::PerFrame;
  };
  explicit BgrConverter(const Options& options);
  ~BgrConverter();
  BgrConverter(const BgrConverter&) = delete;
  BgrConverter& operator=(const BgrConverter&) = delete;

  // Throws Error(CORRUPT_MEDIA) for a pixel format swscale cannot read.
  cv::Mat convert(const AVFrame* frame);

  // `frame` is one field of an interlaced frame, coded apart.
  bool is_lone_field(const AVFrame& frame) const;
  // `frame` holds interlaced video: two fields woven, or one alone.
  bool is_interlaced(const AVFrame& frame) const { return is_lone_field(frame) || holds_woven_fields(frame); }

 private:
  // What the scaler was last configured for; it changes (rarely) mid-stream.
  struct Layout {
    int width = 0, height = 0, format = -1;
    AVColorSpace colorspace = AVCOL_SPC_UNSPECIFIED;
    AVColorRange range = AVCOL_RANGE_UNSPECIFIED;
    bool operator==(const Layout&) const = default;
  };
  struct SwsFreer {
    void operator()(SwsContext* c) const;
  };
  std::unique_ptr<SwsContext, SwsFreer> sws_;
  Layout layout_;
  Options options_;

  // The rows of the picture swscale reads, and their strides.
  struct Rows {
    std::array<int, AV_NUM_DATA_POINTERS> linesize{};
    int height = 0;
  };
  Rows rows_to_read(const AVFrame& frame) const;
  bool holds_woven_fields(const AVFrame& frame) const;
  bool reads_top_field(const AVFrame& frame) const;
  cv::Size output_size(const AVFrame* frame) const;
  void prepare_for(const AVFrame* frame, int height, cv::Size out);
  void use_colour_signalling(const AVFrame* frame);
  cv::Mat rotate(const cv::Mat& bgr) const;
};

}  // namespace deeptrace::media::detail
