#include "media/background_sampler.hpp"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <algorithm>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>

namespace deeptrace::media {
namespace {

using Clock = std::chrono::steady_clock;

double ms_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// Thrown inside the decoder thread to unwind sample_frames once the consumer
// has given up; never leaves this file.
struct ConsumerGone {};

// One producer, one consumer. `close` ends the stream (decoder side);
// `abandon` makes the producer's next push throw (consumer side).
class FrameQueue {
 public:
  FrameQueue(size_t capacity, size_t max_bytes) : capacity_(capacity), max_bytes_(max_bytes) {}

  // Returns the milliseconds spent waiting for room.
  double push(Frame&& frame) {
    std::unique_lock lock(mutex_);
    auto start = Clock::now();
    size_t bytes = bytes_of(frame);
    // An empty queue always takes a frame, however large.
    room_.wait(lock, [&] {
      return abandoned_ || frames_.empty() || (frames_.size() < capacity_ && bytes_ + bytes <= max_bytes_);
    });
    if (abandoned_) throw ConsumerGone{};
    bytes_ += bytes;
    frames_.push_back(std::move(frame));
    most_queued_ = std::max(most_queued_, frames_.size());
    ready_.notify_one();
    return ms_between(start, Clock::now());
  }

  std::optional<Frame> pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return closed_ || !frames_.empty(); });
    if (frames_.empty()) return std::nullopt;
    Frame frame = std::move(frames_.front());
    frames_.pop_front();
    bytes_ -= bytes_of(frame);
    room_.notify_one();
    return frame;
  }

  void close(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    closed_ = true;
    error_ = error;
    ready_.notify_one();
  }

  void abandon() {
    std::lock_guard lock(mutex_);
    abandoned_ = true;
    frames_.clear();
    bytes_ = 0;
    room_.notify_one();
  }

  std::exception_ptr error() {
    std::lock_guard lock(mutex_);
    return error_;
  }

  int most_queued() {
    std::lock_guard lock(mutex_);
    return static_cast<int>(most_queued_);
  }

 private:
  size_t capacity_;
  size_t max_bytes_;
  size_t bytes_ = 0;  // of the frames queued
  size_t most_queued_ = 0;

  static size_t bytes_of(const Frame& frame) { return frame.bgr.total() * frame.bgr.elemSize(); }
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<Frame> frames_;
  bool closed_ = false, abandoned_ = false;
  std::exception_ptr error_;
};

void decode_into(FrameQueue& queue, const std::filesystem::path& file, const SampleOptions& options, SampleStats* stats,
                 double& busy_ms) {
  auto start = Clock::now();
  double waited_ms = 0;
  std::exception_ptr error;
  try {
    sample_frames(file, options, [&](Frame&& frame) { waited_ms += queue.push(std::move(frame)); }, stats);
  } catch (const ConsumerGone&) {
  } catch (...) {
    error = std::current_exception();
  }
  busy_ms = ms_between(start, Clock::now()) - waited_ms;
  queue.close(error);
}

}  // namespace

int sample_frames_in_background(const std::filesystem::path& file, const SampleOptions& options,
                                const std::function<void(Frame&&)>& on_frame, SampleStats* stats,
                                BackgroundSampleStats* timing, int queue_capacity, std::size_t queue_bytes) {
  FrameQueue queue(static_cast<size_t>(std::max(1, queue_capacity)), queue_bytes);
  BackgroundSampleStats local;
  std::thread decoder([&] { decode_into(queue, file, options, stats, local.decode_busy_ms); });
  int delivered = 0;
  try {
    for (;;) {
      auto start = Clock::now();
      std::optional<Frame> frame = queue.pop();
      local.consumer_wait_ms += ms_between(start, Clock::now());
      if (!frame) break;
      on_frame(std::move(*frame));
      ++delivered;
    }
  } catch (...) {
    queue.abandon();
    decoder.join();
    throw;
  }
  decoder.join();
  local.most_queued = queue.most_queued();
  if (timing) *timing = local;
  if (auto error = queue.error()) std::rethrow_exception(error);
  return delivered;
}

}  // namespace deeptrace::media
