#pragma once
// Windows of consecutive frames for temporal detectors (LRNet reads landmark
// motion over 30 consecutive frames, plus one for its frame differences).
// The sparse sampler (frames.hpp) takes isolated frames; this takes K short
// runs of every frame, spread over the video.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "media/frames.hpp"
#include "media/limits.hpp"

namespace deeptrace::media {

// What a video's windows were planned on, for placing spare ones.
struct WindowPlan {
  double duration_s = 0;
  double frame_rate = 0;        // frames a second (an assumed 25 when the container gives none)
  int frames_per_window = 0;
  std::vector<double> planned;  // the planned windows' start times
};

struct WindowSampleOptions {
  int windows = 4;             // K: at most this many windows per video
  int frames_per_window = 31;  // W consecutive frames in each
  // Scale pictures down so the longer side is at most this (0: full size).
  // Landmarks are normalised to the face box anyway; 1280 px bounds the
  // conversion and landmark cost for 4K video.
  int max_side = 1280;
  // A window may start up to this much earlier than planned, at the
  // keyframe its seek lands on, instead of decoding from there to the
  // planned start and discarding those frames (0: always the planned start).
  // Saves about half a GOP of decoding per window.
  double keyframe_lead_s = 2.0;
  int decoder_threads = 2;
  std::int64_t max_pixels = kDefaultMaxPixels;  // larger pictures: Error(RESOLUTION_TOO_HIGH)
  std::string decode_device = "cpu";            // as SampleOptions::decode_device
  // Which frames of a window (0..W-1) get their picture when first decoded;
  // the others come with their time only (FrameWindow::decode_again gives
  // their pictures one at a time). Empty: every frame. Frame 0 always gets
  // its picture.
  std::function<bool(int)> pictured = nullptr;
  // Spare windows, tried elsewhere in the video when planned ones turn out
  // of no use to the consumer (on_window returns WindowUse::Empty: a face
  // only in part of a video), until as many have been used as were planned:
  // their start times, in the order to try them. Asked once, when the first
  // is needed (the consumer may wait there for what tells it where to
  // look). Null: none.
  std::function<std::vector<double>(const WindowPlan&)> spare_starts = nullptr;
};

// What a consumer made of a window: Empty asks for a spare one (above).
enum class WindowUse { Used, Empty };

// A consumer's view of one window's frames, one at a time, in order.
using OnWindowFrame = std::function<void(Frame&&)>;

struct FrameWindow {
  int index = 0;              // 0, 1, ... as delivered: the planned windows in time order, then spares
  std::vector<Frame> frames;  // frames_per_window consecutive frames; Frame::index counts within the window
  double scale = 1.0;         // the frames' width over the displayed width (below 1 when max_side shrank them)
  // Decodes the window again and hands each of its frames, with its
  // picture, to the callback in order (Frame::index 0 to W-1), so that a
  // consumer need not hold all W pictures at once. The frames are the same
  // ones: the same times, decoded again from the keyframe before the first.
  // If it must start over (the stream decoded differently after the seek),
  // the callback sees index 0 again. Valid only inside on_window; may be
  // called more than once. Throws Error(CORRUPT_MEDIA) when the frames
  // cannot be found again.
  std::function<void(const OnWindowFrame&)> decode_again;
};

struct WindowSampleStats {
  int decoded_frames = 0;  // every frame the decoder produced, kept or not (the cost driver)
  int seeks = 0;
  int decoded_again_from_start = 0;  // decode_again calls that found the frames only from the stream's start
  double decode_ms = 0;    // opening, seeking, decoding and converting, excluding on_window
};

// Start times (seconds) of the windows for a video of `duration_s` at
// `frame_rate`: K' = min(windows, frames / frames_per_window) windows, the
// i-th centred at (i + 0.5) / K' of the duration and clamped to the video, so
// they never overlap. None when the video holds fewer than frames_per_window
// frames. (With K' = K these planned centres are the sparse sampler's
// targets for count = K.)
std::vector<double> window_starts(double duration_s, double frame_rate, int windows, int frames_per_window);

// Start times of at most `spares` spare windows spread evenly, in time
// order: those of window_starts for three times as many windows as were
// planned that overlap no planned window. With one window planned in the
// middle, the spares are centred at 1/6 and 5/6 of the video.
std::vector<double> spare_window_starts(const WindowPlan& plan, int spares);

// Start times of at most `count` windows centred on `times` (seconds), in
// their order, each clamped to the video like window_starts; a window that
// would overlap a planned one or one already taken is left out.
std::vector<double> window_starts_around(const WindowPlan& plan, const std::vector<double>& times, int count);

// Decodes the windows in time order: for each, seeks to the keyframe before
// its start (and starts there, within keyframe_lead_s), decodes forward and
// hands frames_per_window consecutive frames (upright 8-bit BGR, like
// sample_frames) to on_window. A window the stream cannot fill (it ends
// early) is skipped; a missing frame restarts the run after it. Then, while
// fewer windows were used than planned, spare ones (options.spare_starts).
// Still images and videos shorter than a window give none. Returns the
// number of windows delivered. An exception from on_window (e.g. a stop request) stops
// decoding and is rethrown. Throws Error(CORRUPT_MEDIA) if the file cannot
// be opened, Error(NO_VIDEO_STREAM) without video, Error(RESOLUTION_TOO_HIGH).
// Decoding done by FrameWindow::decode_again counts in stats->decode_ms.
using OnWindow = std::function<WindowUse(FrameWindow&&)>;
int sample_frame_windows(const std::filesystem::path& file, const WindowSampleOptions& options,
                         const OnWindow& on_window, WindowSampleStats* stats = nullptr);

}  // namespace deeptrace::media
