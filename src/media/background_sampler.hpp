#pragma once
// Decoding overlapped with whatever consumes the frames: sample_frames runs
// on its own thread and hands frames over through a small bounded queue, so
// inference on frame k runs while frame k+1 decodes.
#include <cstddef>
#include <filesystem>
#include <functional>

#include "media/frames.hpp"

namespace deeptrace::media {

struct BackgroundSampleStats {
  double decode_busy_ms = 0;  // the decoder thread's time, less its waits on a full queue
  double consumer_wait_ms = 0;  // the caller's waits on an empty queue
  int most_queued = 0;          // the most decoded frames waiting at once
};

// Decoded frames waiting for the consumer hold at most this many bytes
// (beside the frame count): 4 frames are 25 MB at 1080p, 100 MB at 2160p.
inline constexpr std::size_t kDefaultQueueBytes = std::size_t{32} << 20;

// Like sample_frames, but on_frame runs on the calling thread while the next
// frames decode on another. At most `queue_capacity` decoded frames, and
// beyond the first at most `queue_bytes` of them, wait at once, which bounds
// memory. An exception from on_frame stops the decoder and
// is rethrown; so is one from the decoder, after the frames before it were
// delivered. Returns the number of frames delivered.
int sample_frames_in_background(const std::filesystem::path& file, const SampleOptions& options,
                                const std::function<void(Frame&&)>& on_frame, SampleStats* stats = nullptr,
                                BackgroundSampleStats* timing = nullptr, int queue_capacity = 4,
                                std::size_t queue_bytes = kDefaultQueueBytes);

}  // namespace deeptrace::media
