// Evenly spaced sampling: seek to the keyframe before each target time and
// decode forward to it, so a 32-frame sample of a long video never decodes
// the whole file. Each target takes the frame on screen at that time. When
// targets are far apart, non-reference frames are not decoded at all: the
// sample is then the last reference frame at or before the target (a few
// frames earlier at most), which halves the decoding work for typical
// H.264/HEVC with B-frames.
#include "media/frames.hpp"
#include "media/heif_image.hpp"

#include <chrono>
#include <cmath>
#include <limits>

extern "C" {
#include <libavutil/pixdesc.h>
}
#include <opencv2/core.hpp>

#include "core/errors.hpp"
#include "media/av_decoder.hpp"
#include "media/bgr_converter.hpp"

namespace deeptrace::media {
namespace {

// Closer targets are reached by decoding forward, which is cheaper than a
// seek that lands on the same keyframe again.
constexpr double kSeekAheadS = 1.0;
// How far before a target to seek again when a seek resumed past it.
constexpr double kFirstSeekBackS = 2.0;
// Targets at least this many frames apart may land on a nearby reference
// frame instead of the exact one; denser sampling decodes every frame.
constexpr double kMinFramesApartToSkip = 8;

// What a target time yielded.
enum class Outcome { Delivered, NothingNew, StreamEnded };

// Each target takes the picture on screen at that time: the last frame at or
// before it. So every target gets a frame while the video lasts (a 1-frame
// video's only frame at 0 included), and n targets over n or more frames get
// n distinct frames. (Taking the first frame at or after a target ran past
// the last frame for the last target, and let two targets share a frame.)
class Sampler {
 public:
  Sampler(detail::VideoDecoder& decoder, const std::function<void(Frame&&)>& on_frame)
      : decoder_(decoder), on_frame_(on_frame), converter_({.rotation = decoder.clockwise_rotation(),
                    .sample_aspect_ratio = decoder.sample_aspect_ratio(),
                    .from_gpu = decoder.decodes_on_gpu(),
                    .interlacing = decoder.interlacing()}),
        decoded_(av_frame_alloc()), on_screen_(av_frame_alloc()), next_(av_frame_alloc()) {}

  void skip_non_reference_frames(bool on) {
    skipping_ = on;
    decoder_.set_reference_frames_only(on);
  }

  // Delivers the frame (the reference frame, when skipping) on screen at
  // `target`, unless it was delivered for an earlier target.
  Outcome deliver_at(double target) {
    Outcome outcome = decode_up_to(target);
    if (outcome != Outcome::StreamEnded || !skipping_ || delivered_ > 0) return outcome;
    // Nothing decoded as a reference frame: look again, decoding them all.
    skip_non_reference_frames(false);
    return decode_up_to(target, /*seek=*/true);
  }

  // For streams without a known duration: the next frame after the last one
  // delivered, whatever its time.
  bool deliver_next() {
    while (next_displayed(decoded_.get()))
      if (decoder_.seconds_of(decoded_.get()) > last_delivered_t_) {
        deliver(decoded_.get());
        return true;
      }
    return false;
  }

  int delivered() const { return delivered_; }
  bool delivered_interlaced() const { return delivered_interlaced_; }
  int delivered_damaged() const { return delivered_damaged_; }
  // The time of the last frame decoded; nullopt before any.
  std::optional<double> last_decoded_t() const { return decoded_any_ ? std::optional(last_decoded_t_) : std::nullopt; }

 private:
  detail::VideoDecoder& decoder_;
  const std::function<void(Frame&&)>& on_frame_;
  detail::BgrConverter converter_;
  detail::FramePtr decoded_;
  detail::FramePtr on_screen_;  // the last frame at or before the current target
  detail::FramePtr next_;       // the first frame after it, decoded to know where it ends
  bool decoded_any_ = false;
  bool skipping_ = false;
  double last_decoded_t_ = 0;
  double last_delivered_t_ = -std::numeric_limits<double>::infinity();
  int delivered_ = 0;
  bool delivered_interlaced_ = false;
  int delivered_damaged_ = 0;

  static bool holds(const detail::FramePtr& frame) { return frame->buf[0] != nullptr; }
  double time_of(const detail::FramePtr& frame) const { return decoder_.seconds_of(frame.get()); }

  void forget_held_frames() {
    av_frame_unref(on_screen_.get());
    av_frame_unref(next_.get());
  }

  void hold(detail::FramePtr& slot, AVFrame* frame) {
    av_frame_unref(slot.get());
    av_frame_move_ref(slot.get(), frame);
  }

  Outcome decode_up_to(double target, bool seek = false) {
    bool sought = seek || !decoded_any_ || target - last_decoded_t_ > kSeekAheadS;
    bool ended = false;
    if (sought) ended = !seek_to_a_frame_before(target);
    if (holds(next_) && time_of(next_) <= target) hold(on_screen_, next_.get());
    while (!ended && !holds(next_)) ended = !decode_one(target);
    // Nothing at or before the target: the stream starts after it, or the
    // seek landed after it (MPEG-TS seeks by byte position, and decoding
    // resumes at the next keyframe). The nearest later frame stands in. (Not
    // when decoding ran on from the last target: the frame on screen then
    // was delivered already.)
    detail::FramePtr& shown = holds(on_screen_) || !sought ? on_screen_ : next_;
    if (holds(shown) && time_of(shown) > last_delivered_t_) {
      deliver(shown.get());
      return Outcome::Delivered;
    }
    return ended ? Outcome::StreamEnded : Outcome::NothingNew;
  }

  // Decodes the next frame meant for display into `frame`: frames timed
  // before the stream's start (pre-roll, or a damaged timestamp) are
  // dropped, so no sample has a negative time. False at the end of the stream.
  bool next_displayed(AVFrame* frame) {
    while (decoder_.next(frame)) {
      if (decoder_.seconds_of(frame) >= 0) return true;
      av_frame_unref(frame);
    }
    return false;
  }

  // Decodes the next frame into on_screen_ (at or before `target`) or next_.
  // False at the end of the stream.
  bool decode_one(double target) {
    if (!next_displayed(decoded_.get())) return false;
    decoded_any_ = true;
    last_decoded_t_ = decoder_.seconds_of(decoded_.get());
    hold(last_decoded_t_ <= target ? on_screen_ : next_, decoded_.get());
    return true;
  }

  // Seeks so that decoding resumes at or before `target`, and decodes the
  // first frame there. Containers without a keyframe index (MPEG-TS) seek by
  // byte position, and decoding resumes at the next keyframe, which can lie
  // far past the target (10 s later in a clip with a long GOP): then seek
  // further back, doubling the distance, down to the start. False at the end
  // of the stream.
  bool seek_to_a_frame_before(double target) {
    forget_held_frames();
    for (double back = 0;; back = std::max(kFirstSeekBackS, 2 * back)) {
      double from = std::max(0.0, target - back);
      if (!decoder_.seek_before(from)) return decode_one(target);  // cannot seek: decode on
      forget_held_frames();
      if (!decode_one(target)) return false;
      if (holds(on_screen_) || from == 0) return true;
    }
  }

  // Converts and hands out `frame`, then releases it.
  void deliver(AVFrame* frame) {
    Frame out;
    out.index = delivered_++;
    out.t = decoder_.seconds_of(frame);
    out.bgr = converter_.convert(frame);
    out.damaged = detail::decoded_only_in_part(frame);
    delivered_interlaced_ = delivered_interlaced_ || converter_.is_interlaced(*frame);
    delivered_damaged_ += out.damaged;
    last_delivered_t_ = out.t;
    av_frame_unref(frame);
    on_frame_(std::move(out));
  }
};

// "PQ", "HLG" or "": the stream's transfer characteristic, where it is a
// high dynamic range one.
std::string hdr_transfer_of(AVColorTransferCharacteristic transfer) {
  if (transfer == AVCOL_TRC_SMPTE2084) return "PQ";
  if (transfer == AVCOL_TRC_ARIB_STD_B67) return "HLG";
  return "";
}

void fill_stats(const detail::VideoDecoder& decoder, std::chrono::steady_clock::time_point start, SampleStats& stats) {
  stats.open_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  stats.still_image = decoder.is_still_image();
  const char* format = av_get_pix_fmt_name(static_cast<AVPixelFormat>(decoder.stream()->codecpar->format));
  stats.pixel_format = format ? format : "";
  stats.rotation = decoder.clockwise_rotation();
  stats.sample_aspect_ratio = av_q2d(decoder.sample_aspect_ratio());
  stats.fields_coded_apart = decoder.interlacing() == detail::Interlacing::LoneFields;
  stats.hdr_transfer = hdr_transfer_of(decoder.stream()->codecpar->color_trc);
  stats.bit_rate = decoder.format()->bit_rate > 0 ? decoder.format()->bit_rate : decoder.stream()->codecpar->bit_rate;
  stats.duration_s = stats.still_image ? 0 : decoder.duration_s();
}

// A HEIC or AVIF picture (libheif): its one frame.
int sample_heif_picture(const std::filesystem::path& file, const SampleOptions& options,
                        const std::function<void(Frame&&)>& on_frame, SampleStats* stats) {
  auto start = std::chrono::steady_clock::now();
  Frame frame;
  frame.bgr = decode_heif_bgr(file, options.max_pixels);
  if (stats) {
    *stats = SampleStats{};
    stats->open_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    stats->still_image = true;
  }
  on_frame(std::move(frame));
  return 1;
}

// SampleStats::cut_short_at_s's rule.
bool is_cut_short(double duration_s, double frames_end_s, double fps) {
  double missing = duration_s - frames_end_s;
  double two_frames = fps > 0 ? 2 / fps : 0;
  return duration_s > 0 && missing > two_frames && missing > 0.05 * duration_s;
}

}  // namespace

int sample_frames(const std::filesystem::path& file, const SampleOptions& options,
                  const std::function<void(Frame&&)>& on_frame, SampleStats* stats) {
  if (options.count < 1) throw Error(ErrorCode::INVALID_REQUEST, "the frame count must be at least 1");
  if (is_heif_file(file)) return sample_heif_picture(file, options, on_frame, stats);
  auto start = std::chrono::steady_clock::now();
  detail::VideoDecoder decoder(file, std::max(1, options.decoder_threads), options.max_pixels, options.decode_device);
  if (stats) fill_stats(decoder, start, *stats);
  Sampler sampler(decoder, on_frame);
  bool still = decoder.is_still_image();
  double duration = still ? 0 : decoder.duration_s();
  int count = still ? 1 : options.count;
  sampler.skip_non_reference_frames(!options.exact_frames &&
                                    duration / count * decoder.frame_rate() >= kMinFramesApartToSkip);
  for (int i = 0; i < count; ++i) {
    bool more = duration > 0 ? sampler.deliver_at((i + 0.5) * duration / count) != Outcome::StreamEnded
                             : sampler.deliver_next();
    if (!more) {  // end of stream, or where a truncated file stops
      auto end = sampler.last_decoded_t();
      if (stats && end && is_cut_short(duration, *end, decoder.frame_rate())) stats->cut_short_at_s = end;
      break;
    }
  }
  if (sampler.delivered() == 0) throw Error(ErrorCode::CORRUPT_MEDIA, "no video frame could be decoded");
  if (stats) {
    stats->interlaced = sampler.delivered_interlaced();
    stats->damaged_frames = sampler.delivered_damaged();
  }
  return sampler.delivered();
}

}  // namespace deeptrace::media
