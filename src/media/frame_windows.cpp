// Consecutive-frame windows. Cost: each window seeks to the keyframe before
// it and decodes forward, so it decodes (distance from that keyframe) + W
// frames, all of them (reference or not, unlike the sparse sampler), and
// converts W of them to BGR (with `pictured`, those it names; decode_again
// then seeks and decodes the W frames a second time, converting each). See
// docs/landmarks.md for measured figures.
#include "media/frame_windows.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include "core/errors.hpp"
#include "media/av_decoder.hpp"
#include "media/bgr_converter.hpp"

namespace deeptrace::media {
namespace {

// A window closer than this to where decoding stands is reached by decoding
// forward, which is cheaper than seeking back to a keyframe.
constexpr double kSeekAheadS = 1.0;
// How far before a window to seek again when a seek resumed past it
// (containers without an index, MPEG-TS, seek by byte position).
constexpr double kFirstSeekBackS = 2.0;
// Successive frames further apart than this many frame periods are not
// consecutive (one went missing).
constexpr double kMaxGapFrames = 1.5;
// When the container gives no frame rate, assume this one to place windows.
constexpr double kFallbackFrameRate = 25.0;

using Clock = std::chrono::steady_clock;

double ms_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

class WindowDecoder {
 public:
  WindowDecoder(detail::VideoDecoder& decoder, int max_side, WindowSampleStats& stats)
      : decoder_(decoder), converter_({.rotation = decoder.clockwise_rotation(),
                    .sample_aspect_ratio = decoder.sample_aspect_ratio(),
                    .max_side = max_side,
                    .from_gpu = decoder.decodes_on_gpu(),
                    .top_field_of_interlaced = true,
                    .interlacing = decoder.interlacing()}), frame_(av_frame_alloc()),
        stats_(stats) {}

  // Fills `out` with `count` consecutive frames from the first one shown at
  // or after `start` (less half a frame, so rounding cannot skip it). False
  // when the stream ends first.
  // With `keyframe_lead_s` > 0, a window whose seek lands on a keyframe at
  // most that long before `start` starts at that keyframe instead (and
  // after the previous window): decoding from the keyframe to `start` would
  // otherwise be thrown away, about half a GOP per window.
  bool decode_window(double start, double frame_period, int count, double keyframe_lead_s,
                     const std::function<bool(int)>& pictured, std::vector<Frame>& out) {
    double from = start - 0.5 * frame_period;
    bool sought = needs_seek(start);
    bool have_first = sought ? seek_to_a_frame_before(start) : next_displayed();
    if (sought && have_first && keyframe_lead_s > 0) {
      double landed = decoder_.seconds_of(frame_.get());
      if (landed >= start - keyframe_lead_s && landed > last_kept_t_) from = std::min(from, landed);
    }
    out.clear();
    while (have_first || next_displayed()) {
      have_first = false;
      double t = decoder_.seconds_of(frame_.get());
      // A frame missing (an undecodable packet, a gap in the timing) breaks
      // the run: start it again from here.
      if (!out.empty() && t - out.back().t > kMaxGapFrames * frame_period) out.clear();
      if (t >= from && t > last_kept_t_) keep(t, static_cast<int>(out.size()), pictured, out);
      else av_frame_unref(frame_.get());
      if (static_cast<int>(out.size()) == count) return true;
    }
    return false;
  }

  // Frames at or before `t` are not kept (they belong to a window already
  // delivered), as after a window that ended there.
  void keep_after(double t) { last_kept_t_ = t; }

  // Decodes the frames at `times` again and hands each, with its picture,
  // to on_frame: from a seek to the keyframe before the first (`seek`), or
  // onward from where decoding stands. False when the frames decoded are not
  // those, one for one (on_frame may have seen some by then).
  bool decode_again(const std::vector<double>& times, const OnWindowFrame& on_frame, bool seek) {
    bool have = seek ? seek_to_a_frame_before(times.front()) : next_displayed();
    size_t next = 0;
    while (have || next_displayed()) {
      have = false;
      double t = decoder_.seconds_of(frame_.get());
      if (next == 0 && t < times.front()) {  // before the window
        av_frame_unref(frame_.get());
        continue;
      }
      if (t != times[next]) {
        av_frame_unref(frame_.get());
        return false;
      }
      on_frame(take(t, static_cast<int>(next), true));
      if (++next == times.size()) return true;
    }
    return false;
  }

 private:
  detail::VideoDecoder& decoder_;
  detail::BgrConverter converter_;
  detail::FramePtr frame_;
  WindowSampleStats& stats_;
  bool decoded_any_ = false;
  double last_decoded_t_ = 0;
  double last_kept_t_ = -1;

  bool needs_seek(double start) const {
    return !decoded_any_ || start < last_decoded_t_ || start - last_decoded_t_ > kSeekAheadS;
  }

  // The decoded frame as a Frame, its picture converted or not.
  Frame take(double t, int index, bool with_picture) {
    Frame frame;
    frame.index = index;
    frame.t = t;
    frame.damaged = detail::decoded_only_in_part(frame_.get());
    if (with_picture) frame.bgr = converter_.convert(frame_.get());
    av_frame_unref(frame_.get());
    return frame;
  }

  void keep(double t, int index, const std::function<bool(int)>& pictured, std::vector<Frame>& out) {
    out.push_back(take(t, index, index == 0 || !pictured || pictured(index)));
    last_kept_t_ = t;
  }

  // Decodes the next frame meant for display into frame_; frames timed
  // before the stream's start (pre-roll) are dropped, and so are bottom
  // fields coded apart: a window holds one field per frame, the top one, as
  // it does of woven fields (the bottom field lies half a row lower, and
  // landmarks would jump at every field). False at the end.
  bool next_displayed() {
    while (decoder_.next(frame_.get())) {
      ++stats_.decoded_frames;
      decoded_any_ = true;
      last_decoded_t_ = decoder_.seconds_of(frame_.get());
      bool bottom_field = converter_.is_lone_field(*frame_) && !frame_->top_field_first;
      if (last_decoded_t_ >= 0 && !bottom_field) return true;
      av_frame_unref(frame_.get());
    }
    return false;
  }

  // Seeks so that decoding resumes at or before `target` and decodes the
  // first frame there into frame_. Where a seek lands past the target (no
  // keyframe index), seeks further back, doubling the distance, down to the
  // start. False at the end of the stream.
  bool seek_to_a_frame_before(double target) {
    for (double back = 0;; back = std::max(kFirstSeekBackS, 2 * back)) {
      double from = std::max(0.0, target - back);
      if (!decoder_.seek_before(from)) return next_displayed();  // cannot seek: decode on
      ++stats_.seeks;
      if (!next_displayed()) return false;
      if (decoder_.seconds_of(frame_.get()) <= target || from == 0) return true;
      av_frame_unref(frame_.get());
    }
  }
};

// The latest a window may start: it ends a frame before the stated
// duration, as containers round it up, and a window the stream cannot fill
// is lost.
double latest_window_start(double duration_s, double rate, double span) {
  return std::max(0.0, duration_s - span - 1 / rate);
}

double window_span_s(const WindowPlan& plan) {
  return plan.frames_per_window / (plan.frame_rate > 0 ? plan.frame_rate : kFallbackFrameRate);
}

bool overlaps_any(double start, const std::vector<double>& starts, double span) {
  return std::any_of(starts.begin(), starts.end(), [&](double other) { return std::abs(start - other) < span; });
}

}  // namespace

std::vector<double> window_starts(double duration_s, double frame_rate, int windows, int frames_per_window) {
  if (windows < 1 || frames_per_window < 1) return {};
  double rate = frame_rate > 0 ? frame_rate : kFallbackFrameRate;
  double span = frames_per_window / rate;  // seconds one window covers
  if (duration_s <= 0) return {0.0};       // length unknown: one window from the start
  auto frames = static_cast<long long>(std::floor(duration_s * rate + 1e-6));
  int fitting = static_cast<int>(std::min<long long>(windows, frames / frames_per_window));
  double latest = latest_window_start(duration_s, rate, span);
  std::vector<double> starts;
  for (int i = 0; i < fitting; ++i) {
    double centre = (i + 0.5) * duration_s / fitting;
    starts.push_back(std::clamp(centre - span / 2, 0.0, latest));
  }
  return starts;
}

std::vector<double> spare_window_starts(const WindowPlan& plan, int spares) {
  if (spares < 1 || plan.planned.empty()) return {};
  double span = window_span_s(plan);
  std::vector<double> out;
  int layout = 3 * static_cast<int>(plan.planned.size());
  for (double start : window_starts(plan.duration_s, plan.frame_rate, layout, plan.frames_per_window))
    if (!overlaps_any(start, plan.planned, span) && static_cast<int>(out.size()) < spares) out.push_back(start);
  return out;
}

std::vector<double> window_starts_around(const WindowPlan& plan, const std::vector<double>& times, int count) {
  double rate = plan.frame_rate > 0 ? plan.frame_rate : kFallbackFrameRate;
  double span = window_span_s(plan);
  double latest = latest_window_start(plan.duration_s, rate, span);
  std::vector<double> out;
  for (double t : times) {
    if (static_cast<int>(out.size()) >= count) break;
    double start = std::clamp(t - span / 2, 0.0, latest);
    if (!overlaps_any(start, plan.planned, span) && !overlaps_any(start, out, span)) out.push_back(start);
  }
  return out;
}

namespace {

std::vector<double> times_of(const std::vector<Frame>& frames) {
  std::vector<double> times;
  for (const Frame& frame : frames) times.push_back(frame.t);
  return times;
}

// The decoder the windows are read from, which also serves
// FrameWindow::decode_again.
class WindowSource {
 public:
  WindowSource(const std::filesystem::path& file, const WindowSampleOptions& options, WindowSampleStats& stats)
      : file_(file), options_(options), stats_(stats) {
    open();
  }

  detail::VideoDecoder& decoder() { return *decoder_; }
  WindowDecoder* windows() { return windows_ ? &*windows_ : nullptr; }

  // A decoder afresh (closed or not), free to go back in time: the windows
  // decoder keeps to frames after the last it kept.
  WindowDecoder* reopen() {
    close();
    open();
    return windows();
  }

  // The decoder's frame pool and threads (about 20 MB at 1080p) go; a later
  // decode_again opens a decoder of its own.
  void close() {
    windows_.reset();
    decoder_.reset();
  }

  // FrameWindow::decode_again for the frames at `times`: on this decoder
  // (or a new one once closed) from a seek, else on a new one from the
  // start, for a stream that seeks badly. Closes afterwards when `last`.
  void decode_again(const std::vector<double>& times, const OnWindowFrame& on_frame, bool last) {
    auto began = Clock::now();
    double on_frame_ms = 0;
    auto timed = [&](Frame&& frame) {
      auto handed = Clock::now();
      on_frame(std::move(frame));
      on_frame_ms += ms_between(handed, Clock::now());
    };
    bool found = windows_ ? windows_->decode_again(times, timed, true) : decode_afresh(times, timed, true);
    if (!found) {
      ++stats_.decoded_again_from_start;
      found = decode_afresh(times, timed, false);
    }
    if (last) close();
    again_ms_ += ms_between(began, Clock::now()) - on_frame_ms;
    if (!found) throw Error(ErrorCode::CORRUPT_MEDIA, "a window's frames could not be decoded a second time");
  }

  // Time decode_again spent decoding (its on_frame calls excluded).
  double again_ms() const { return again_ms_; }

 private:
  const std::filesystem::path& file_;
  const WindowSampleOptions& options_;
  WindowSampleStats& stats_;
  std::optional<detail::VideoDecoder> decoder_;
  std::optional<WindowDecoder> windows_;
  // As the first decoder learnt it: the decoders opened afresh are told
  // (an HEVC decoder would decode a picture to learn it again).
  std::optional<detail::Interlacing> interlacing_;
  double again_ms_ = 0;

  void open() {
    decoder_.emplace(file_, std::max(1, options_.decoder_threads), options_.max_pixels, options_.decode_device,
                     interlacing_);
    interlacing_ = decoder_->interlacing();
    if (!decoder_->is_still_image()) windows_.emplace(*decoder_, options_.max_side, stats_);
  }

  bool decode_afresh(const std::vector<double>& times, const OnWindowFrame& on_frame, bool seek) {
    detail::VideoDecoder decoder(file_, std::max(1, options_.decoder_threads), options_.max_pixels,
                                 options_.decode_device, interlacing_);
    WindowDecoder windows(decoder, options_.max_side, stats_);
    return windows.decode_again(times, on_frame, seek);
  }
};

// The time after which a spare window at `start` takes its frames: the last
// frame of the windows that began before it (a spare starting early at its
// keyframe must not take theirs); nothing when a window covers the spare's
// place (one that started early at its keyframe), as windows share no frame.
std::optional<double> spare_frames_after(const std::vector<std::pair<double, double>>& taken, double start,
                                         double span) {
  double after = -1;
  for (auto [first, last] : taken) {
    if (first < start + span && last >= start) return std::nullopt;
    if (first < start) after = std::max(after, last);
  }
  return after;
}

// One call of sample_frame_windows: hands over the planned windows, then
// spares while fewer were of use than planned.
class WindowRun {
 public:
  WindowRun(WindowSource& source, const WindowSampleOptions& options, const OnWindow& on_window, WindowPlan plan)
      : source_(source), windows_(source.windows()), options_(options), on_window_(on_window),
        plan_(std::move(plan)), display_width_(source.decoder().display_width()) {}

  void deliver_planned() {
    const std::vector<double>& starts = plan_.planned;
    for (size_t i = 0; i < starts.size(); ++i) deliver(starts[i], i + 1 == starts.size());
  }

  void deliver_spares() {
    std::vector<double> spares;
    if (used_ < planned() && options_.spare_starts) {
      auto asked = Clock::now();  // the consumer's time (it may wait there), not decoding
      spares = options_.spare_starts(plan_);
      callback_ms_ += ms_between(asked, Clock::now());
    }
    const double span = window_span_s(plan_);
    bool reopened = false;
    for (size_t i = 0; i < spares.size() && used_ < planned(); ++i) {
      std::optional<double> after = spare_frames_after(taken_, spares[i], span);
      if (!after) continue;
      if (!reopened) windows_ = source_.reopen();  // spares may lie before the windows decoded
      reopened = true;
      windows_->keep_after(*after);
      deliver(spares[i], i + 1 == spares.size());
    }
  }

  int delivered() const { return delivered_; }
  double callback_ms() const { return callback_ms_; }  // in on_window (decode_again included) and spare_starts

 private:
  WindowSource& source_;
  WindowDecoder* windows_;
  const WindowSampleOptions& options_;
  const OnWindow& on_window_;
  const WindowPlan plan_;
  const double display_width_;
  int delivered_ = 0, used_ = 0;
  std::vector<std::pair<double, double>> taken_;  // each window's first and last frame's time
  double callback_ms_ = 0;

  int planned() const { return static_cast<int>(plan_.planned.size()); }

  // Decodes the window from `at` and hands it over; `last`: no window after
  // it needs this decoder.
  void deliver(double at, bool last) {
    FrameWindow window;
    window.index = delivered_;
    if (!windows_->decode_window(at, 1.0 / plan_.frame_rate, options_.frames_per_window, options_.keyframe_lead_s,
                                 options_.pictured, window.frames))
      return;
    taken_.emplace_back(window.frames.front().t, window.frames.back().t);
    window.scale = static_cast<double>(window.frames[0].bgr.cols) / display_width_;
    window.decode_again = [&source = source_, last, times = times_of(window.frames)](const OnWindowFrame& on_frame) {
      source.decode_again(times, on_frame, last);
    };
    // After the last window the decoder would only add to what on_window
    // holds: closed now, or once that window has been decoded again.
    if (last && options_.pictured == nullptr) source_.close();
    auto handed = Clock::now();
    ++delivered_;
    if (on_window_(std::move(window)) == WindowUse::Used) ++used_;
    callback_ms_ += ms_between(handed, Clock::now());
  }
};

}  // namespace

int sample_frame_windows(const std::filesystem::path& file, const WindowSampleOptions& options,
                         const OnWindow& on_window, WindowSampleStats* stats) {
  if (options.windows < 1 || options.frames_per_window < 2)
    throw Error(ErrorCode::INVALID_REQUEST, "windows need a count of at least 1 and at least 2 frames each");
  WindowSampleStats local;
  WindowSampleStats& counted = stats ? *stats : local;
  auto start = Clock::now();
  WindowSource source(file, options, counted);
  if (!source.windows()) return 0;
  detail::VideoDecoder& decoder = source.decoder();
  const double rate = decoder.frame_rate() > 0 ? decoder.frame_rate() : kFallbackFrameRate;
  WindowRun run(source, options, on_window,
                {decoder.duration_s(), rate, options.frames_per_window,
                 window_starts(decoder.duration_s(), rate, options.windows, options.frames_per_window)});
  run.deliver_planned();
  run.deliver_spares();
  counted.decode_ms = ms_between(start, Clock::now()) - run.callback_ms() + source.again_ms();
  return run.delivered();
}

}  // namespace deeptrace::media
