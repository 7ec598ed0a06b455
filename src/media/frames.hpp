#pragma once
// Evenly spaced frame sampling with FFmpeg's libraries.
#include <filesystem>
#include <functional>

#include <opencv2/core.hpp>

namespace deeptrace::media {

struct Frame {
  int index = 0;      // 0..count-1 in sampling order
  double t = 0;       // real presentation time, seconds
  cv::Mat bgr;        // 8-bit BGR
};

struct SampleOptions {
  int count = 32;
  int decoder_threads = 2;
};

// Calls on_frame for each sampled frame, in time order, as soon as it is
// decoded (so callers can overlap inference with decoding). Returns the
// number of frames delivered. Throws Error(CORRUPT_MEDIA) if the file cannot
// be opened or no frame decodes.
int sample_frames(const std::filesystem::path& file, const SampleOptions& options,
                  const std::function<void(Frame&&)>& on_frame);

}  // namespace deeptrace::media
