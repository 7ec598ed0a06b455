#pragma once
// One claimed job while it runs: a heartbeat thread that keeps the lease
// alive (and carries the latest progress), and the flags that tell the
// processor to stop: lease lost, cancel requested, shutdown grace expired.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "core/errors.hpp"

#include "store/job_store.hpp"

namespace deeptrace::worker {

enum class StopReason { None, LeaseLost, Cancelled, Shutdown };

class JobRun {
 public:
  using ShutdownCheck = std::function<bool()>;  // true: grace expired, give the job back

  JobRun(JobStore& jobs, const Job& job, std::chrono::milliseconds lease,
         std::chrono::milliseconds interval, ShutdownCheck shutdown_due);
  ~JobRun();  // stops the heartbeat thread
  JobRun(const JobRun&) = delete;
  JobRun& operator=(const JobRun&) = delete;

  // Records progress; a new stage is written at once, finer steps ride on
  // the next heartbeat.
  void report_progress(const Progress& progress);
  const std::atomic<bool>* stop_flag() const { return &should_stop_; }
  StopReason stop_reason() const { return reason_.load(); }

  // Runs `store_call`, retrying through a store outage (STORE_UNAVAILABLE)
  // or a full disk (INSUFFICIENT_STORAGE) with back-off for as long as the lease, as last renewed, still holds:
  // the job stays this worker's, so its work need not be thrown away.
  template <typename StoreCall>
  auto while_leased(StoreCall store_call) {
    for (auto delay = kFirstRetry;; delay = std::min(delay * 2, kLastRetry)) {
      try {
        return store_call();
      } catch (const Error& e) {
        if (!wait_to_retry(e, delay)) throw;
      }
    }
  }

 private:
  void heartbeat_loop();
  void send_heartbeat(const std::optional<Progress>& progress);
  void stop_with(StopReason reason);
  // Sleeps `delay` and returns true when `error` is an outage the lease outlasts.
  bool wait_to_retry(const Error& error, std::chrono::milliseconds delay);

  static constexpr std::chrono::milliseconds kFirstRetry{250};
  static constexpr std::chrono::milliseconds kLastRetry{4000};

  JobStore& jobs_;
  const std::string job_id_;
  const std::string lease_id_;
  const std::chrono::milliseconds lease_;
  const std::chrono::milliseconds interval_;
  ShutdownCheck shutdown_due_;

  std::atomic<bool> should_stop_{false};
  std::atomic<StopReason> reason_{StopReason::None};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool finished_ = false;
  std::optional<Progress> pending_progress_;
  std::string last_stage_;
  std::chrono::steady_clock::time_point lease_ends_;  // moved on by each renewal
  std::thread thread_;
};

}  // namespace deeptrace::worker
