#include "worker/job_run.hpp"

#include "core/log.hpp"

namespace deeptrace::worker {
namespace {
// How often the heartbeat thread looks at the shutdown deadline and for a
// new stage to write; heartbeats themselves go out every `interval`.
constexpr std::chrono::milliseconds kTick{50};
}  // namespace

JobRun::JobRun(JobStore& jobs, const Job& job, std::chrono::milliseconds lease,
               std::chrono::milliseconds interval, ShutdownCheck shutdown_due)
    : jobs_(jobs),
      job_id_(job.id),
      lease_id_(job.lease->id),
      lease_(lease),
      interval_(interval),
      shutdown_due_(std::move(shutdown_due)),
      lease_ends_(std::chrono::steady_clock::now() + lease),
      thread_([this] { heartbeat_loop(); }) {}

JobRun::~JobRun() {
  {
    std::lock_guard lock(mutex_);
    finished_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void JobRun::report_progress(const Progress& progress) {
  bool new_stage = false;
  {
    std::lock_guard lock(mutex_);
    pending_progress_ = progress;
    new_stage = progress.stage != last_stage_;
  }
  if (new_stage) wake_.notify_all();
}

void JobRun::heartbeat_loop() {
  auto next_beat = std::chrono::steady_clock::now() + interval_;
  std::unique_lock lock(mutex_);
  while (!finished_) {
    wake_.wait_for(lock, kTick);
    if (finished_) break;
    if (shutdown_due_ && shutdown_due_()) stop_with(StopReason::Shutdown);
    bool new_stage = pending_progress_ && pending_progress_->stage != last_stage_;
    if (!new_stage && std::chrono::steady_clock::now() < next_beat) continue;
    std::optional<Progress> progress = std::exchange(pending_progress_, std::nullopt);
    if (progress) last_stage_ = progress->stage;
    lock.unlock();
    send_heartbeat(progress);
    lock.lock();
    next_beat = std::chrono::steady_clock::now() + interval_;
  }
}

void JobRun::send_heartbeat(const std::optional<Progress>& progress) {
  try {
    auto sent_at = std::chrono::steady_clock::now();
    switch (jobs_.heartbeat(job_id_, lease_id_, lease_, progress)) {
      case LeaseCheck::Ok: {
        std::lock_guard lock(mutex_);
        lease_ends_ = sent_at + lease_;
        break;
      }
      case LeaseCheck::CancelRequested: stop_with(StopReason::Cancelled); break;
      case LeaseCheck::Lost: stop_with(StopReason::LeaseLost); break;
    }
  } catch (const std::exception& e) {
    // The store may be briefly unreachable; the lease still has 2/3 of its
    // time left, so keep working and try again on the next beat.
    log::warn("heartbeat failed", {{"job_id", job_id_}, {"error", e.what()}});
  }
}

bool JobRun::wait_to_retry(const Error& error, std::chrono::milliseconds delay) {
  // Both pass without losing the job's work: the store comes back, or an
  // operator frees disk space.
  bool transient = error.code() == ErrorCode::STORE_UNAVAILABLE || error.code() == ErrorCode::INSUFFICIENT_STORAGE;
  if (!transient) return false;
  {
    std::lock_guard lock(mutex_);
    if (std::chrono::steady_clock::now() + delay >= lease_ends_) return false;
  }
  log::warn("store unavailable; retrying while the lease holds",
            {{"job_id", job_id_}, {"code", code_name(error.code())}, {"error", error.what()}});
  std::this_thread::sleep_for(delay);
  return true;
}

void JobRun::stop_with(StopReason reason) {
  StopReason expected = StopReason::None;
  if (reason_.compare_exchange_strong(expected, reason)) should_stop_ = true;
}

}  // namespace deeptrace::worker
