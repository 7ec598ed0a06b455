// Evenly spaced sampling: seek to the keyframe before each target time and
// decode forward to it, so a 32-frame sample of a long video never decodes
// the whole file. When targets are far apart, non-reference frames are not
// decoded at all: the sample is then the first reference frame at or after
// the target (a few frames later at most), which halves the decoding work
// for typical H.264/HEVC with B-frames.
#include "media/frames.hpp"

#include <chrono>
#include <cmath>
#include <limits>

extern "C" {
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}
#include <opencv2/core.hpp>

#include "core/errors.hpp"
#include "media/av_decoder.hpp"

namespace deeptrace::media {
namespace {

// Closer targets are reached by decoding forward, which is cheaper than a
// seek that lands on the same keyframe again.
constexpr double kSeekAheadS = 1.0;
// Targets at least this many frames apart may land on a nearby reference
// frame instead of the exact one; denser sampling decodes every frame.
constexpr double kMinFramesApartToSkip = 8;

struct SwsFreer {
  void operator()(SwsContext* c) const { sws_freeContext(c); }
};

class BgrConverter {
 public:
  explicit BgrConverter(int rotation) : rotation_(rotation) {}

  cv::Mat convert(const AVFrame* frame) {
    prepare_for(frame);
    cv::Mat bgr(frame->height, frame->width, CV_8UC3);
    uint8_t* dst[] = {bgr.data};
    int dst_stride[] = {static_cast<int>(bgr.step)};
    sws_scale(sws_.get(), frame->data, frame->linesize, 0, frame->height, dst, dst_stride);
    return rotate(bgr);
  }

 private:
  // What the scaler was last configured for; it changes (rarely) mid-stream.
  struct Layout {
    int width = 0, height = 0, format = -1;
    AVColorSpace colorspace = AVCOL_SPC_UNSPECIFIED;
    AVColorRange range = AVCOL_RANGE_UNSPECIFIED;
    bool operator==(const Layout&) const = default;
  };
  std::unique_ptr<SwsContext, SwsFreer> sws_;
  Layout layout_;
  int rotation_;

  void prepare_for(const AVFrame* frame) {
    sws_.reset(sws_getCachedContext(sws_.release(), frame->width, frame->height,
                                    static_cast<AVPixelFormat>(frame->format), frame->width, frame->height,
                                    AV_PIX_FMT_BGR24, SWS_BILINEAR, nullptr, nullptr, nullptr));
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
  void use_colour_signalling(const AVFrame* frame) {
    int *inverse_table = nullptr, *table = nullptr;
    int src_range = 0, dst_range = 0, brightness = 0, contrast = 0, saturation = 0;
    sws_getColorspaceDetails(sws_.get(), &inverse_table, &src_range, &table, &dst_range, &brightness, &contrast,
                             &saturation);
    if (frame->color_range == AVCOL_RANGE_JPEG) src_range = 1;
    sws_setColorspaceDetails(sws_.get(), sws_getCoefficients(frame->colorspace), src_range, table, dst_range,
                             brightness, contrast, saturation);
  }

  cv::Mat rotate(const cv::Mat& bgr) const {
    if (rotation_ == 0) return bgr;
    cv::Mat turned;
    if (rotation_ == 90) cv::rotate(bgr, turned, cv::ROTATE_90_CLOCKWISE);
    else if (rotation_ == 180) cv::rotate(bgr, turned, cv::ROTATE_180);
    else if (rotation_ == 270) cv::rotate(bgr, turned, cv::ROTATE_90_COUNTERCLOCKWISE);
    else return bgr;  // odd angles: leave as stored
    return turned;
  }
};

class Sampler {
 public:
  Sampler(detail::VideoDecoder& decoder, const std::function<void(Frame&&)>& on_frame)
      : decoder_(decoder), on_frame_(on_frame), converter_(decoder.clockwise_rotation()),
        frame_(av_frame_alloc()) {}

  void skip_non_reference_frames(bool on) {
    skipping_ = on;
    decoder_.set_reference_frames_only(on);
  }

  // Delivers the first (reference, when skipping) frame at or after
  // `target`; false once the stream ends.
  bool deliver_at(double target) {
    if (decode_forward_to(target)) return true;
    if (!skipping_) return false;
    // The stream ended on non-reference frames: look again, decoding them.
    skip_non_reference_frames(false);
    decoder_.seek_before(target);
    return decode_forward_to(target);
  }

  // For streams without a known duration: the next frame, whatever its time.
  bool deliver_next() {
    if (!decoder_.next(frame_.get())) return false;
    deliver();
    return true;
  }

  int delivered() const { return delivered_; }

 private:
  detail::VideoDecoder& decoder_;
  const std::function<void(Frame&&)>& on_frame_;
  BgrConverter converter_;
  detail::FramePtr frame_;
  bool decoded_any_ = false;
  bool skipping_ = false;
  double last_decoded_t_ = 0;
  double last_delivered_t_ = -std::numeric_limits<double>::infinity();
  int delivered_ = 0;

  bool decode_forward_to(double target) {
    if (!decoded_any_ || target - last_decoded_t_ > kSeekAheadS) decoder_.seek_before(target);
    while (decoder_.next(frame_.get())) {
      decoded_any_ = true;
      last_decoded_t_ = decoder_.seconds_of(frame_.get());
      // Strictly increasing times: never hand out the same picture twice.
      if (last_decoded_t_ >= target && last_decoded_t_ > last_delivered_t_) {
        deliver();
        return true;
      }
    }
    return false;
  }

  void deliver() {
    Frame out;
    out.index = delivered_++;
    out.t = decoder_.seconds_of(frame_.get());
    out.bgr = converter_.convert(frame_.get());
    last_delivered_t_ = out.t;
    av_frame_unref(frame_.get());
    on_frame_(std::move(out));
  }
};

void fill_stats(const detail::VideoDecoder& decoder, std::chrono::steady_clock::time_point start, SampleStats& stats) {
  stats.open_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  stats.still_image = decoder.is_still_image();
  const char* format = av_get_pix_fmt_name(static_cast<AVPixelFormat>(decoder.stream()->codecpar->format));
  stats.pixel_format = format ? format : "";
  stats.rotation = decoder.clockwise_rotation();
  stats.bit_rate = decoder.format()->bit_rate > 0 ? decoder.format()->bit_rate : decoder.stream()->codecpar->bit_rate;
  stats.duration_s = stats.still_image ? 0 : decoder.duration_s();
}

}  // namespace

int sample_frames(const std::filesystem::path& file, const SampleOptions& options,
                  const std::function<void(Frame&&)>& on_frame, SampleStats* stats) {
  if (options.count < 1) throw Error(ErrorCode::INVALID_REQUEST, "the frame count must be at least 1");
  auto start = std::chrono::steady_clock::now();
  detail::VideoDecoder decoder(file, std::max(1, options.decoder_threads));
  if (stats) fill_stats(decoder, start, *stats);
  Sampler sampler(decoder, on_frame);
  bool still = decoder.is_still_image();
  double duration = still ? 0 : decoder.duration_s();
  int count = still ? 1 : options.count;
  sampler.skip_non_reference_frames(!options.exact_frames &&
                                    duration / count * decoder.frame_rate() >= kMinFramesApartToSkip);
  for (int i = 0; i < count; ++i) {
    bool more = duration > 0 ? sampler.deliver_at((i + 0.5) * duration / count) : sampler.deliver_next();
    if (!more) break;  // end of stream, or where a truncated file stops
  }
  if (sampler.delivered() == 0) throw Error(ErrorCode::CORRUPT_MEDIA, "no video frame could be decoded");
  return sampler.delivered();
}

}  // namespace deeptrace::media
