#include "worker/worker.hpp"

#include <thread>

#include "core/log.hpp"
#include "core/time.hpp"
#include "worker/job_run.hpp"

namespace deeptrace::worker {

Worker::Worker(WorkerConfig config, JobStore& jobs, MediaStore& media, JobProcessor& processor)
    : config_(std::move(config)), jobs_(jobs), media_(media), processor_(processor) {}

int Worker::run() {
  int finished = 0;
  auto delay = config_.poll_min;
  std::chrono::milliseconds failed_delay{0};
  log::info("worker started", {{"worker_id", config_.worker_id}});
  while (!stopping_) {
    bool worked = false;
    try {
      beat_if_due();
      worked = claim_and_process();
    } catch (const std::exception& e) {
      // Store unreachable and the like: back off (doubling up to
      // kOutageBackoffMax, so a long outage is not hammered), keep the worker alive.
      log::warn("claim failed", {{"worker_id", config_.worker_id}, {"error", e.what()}});
      failed_delay = std::min(std::max(failed_delay * 2, config_.poll_max), kOutageBackoffMax);
      idle_wait(failed_delay);
      continue;
    }
    failed_delay = std::chrono::milliseconds{0};
    if (worked) {
      ++finished;
      delay = config_.poll_min;  // re-poll at once after a job
      if (config_.max_jobs > 0 && finished >= config_.max_jobs) break;
      continue;
    }
    idle_wait(delay);
    delay = std::min(delay * 2, config_.poll_max);
  }
  log::info("worker stopped", {{"worker_id", config_.worker_id}, {"jobs", finished}});
  return finished;
}

void Worker::request_stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stop_requested_at_ = std::chrono::steady_clock::now();
    stopping_ = true;
  }
  wake_.notify_all();
}

void Worker::idle_wait(std::chrono::milliseconds delay) {
  std::unique_lock lock(mutex_);
  wake_.wait_for(lock, delay, [this] { return stopping_.load(); });
}

void Worker::beat(const std::string& job_id) {
  WorkerBeat beat{config_.worker_id, now_ms(), std::nullopt};
  if (!job_id.empty()) beat.job_id = job_id;
  jobs_.record_worker_beat(beat);
  last_beat_ = std::chrono::steady_clock::now();
}

// An idle worker polls every 10-100 ms; its liveness row only needs
// refreshing about once a second, not one database write per poll.
void Worker::beat_if_due() {
  if (std::chrono::steady_clock::now() - last_beat_ >= kIdleBeatInterval) beat("");
}

bool Worker::claim_and_process() {
  std::optional<Job> job = jobs_.claim(config_.worker_id, config_.lease);
  if (!job) return false;
  log::info("job claimed", {{"job_id", job->id}, {"worker_id", config_.worker_id},
                            {"attempt", job->attempts}});
  beat(job->id);
  process(*job);
  return true;
}

}  // namespace deeptrace::worker
