#pragma once
// The worker loop: claim -> process -> complete / fail / release.
// Stateless: everything it knows about a job lives in the JobStore.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>

#include "store/job_store.hpp"
#include "store/media_store.hpp"
#include "worker/processor.hpp"

namespace deeptrace::worker {

struct WorkerConfig {
  std::string worker_id;
  std::chrono::milliseconds lease{60000};
  std::chrono::milliseconds grace{30000};     // SIGTERM: finish within this, else release
  std::chrono::milliseconds poll_min{10};     // idle polling backs off from here...
  std::chrono::milliseconds poll_max{100};    // ...to here, so pickup stays ~100 ms
  BackoffPolicy backoff;
  int max_jobs = 0;                           // stop after this many jobs; 0 = no limit

  std::chrono::milliseconds heartbeat_interval() const { return lease / 3; }
};

class Worker {
 public:
  Worker(WorkerConfig config, JobStore& jobs, MediaStore& media, JobProcessor& processor);

  // Runs until request_stop(); returns the number of jobs it finished.
  int run();
  // Thread- and signal-safe to call from a signal-watching thread: stop
  // claiming, give the current job `grace` to finish, then release it.
  void request_stop();

 private:
  bool claim_and_process();
  void process(const Job& job);
  void idle_wait(std::chrono::milliseconds delay);
  void beat(const std::string& job_id);
  void beat_if_due();

  static constexpr std::chrono::seconds kIdleBeatInterval{1};
  static constexpr std::chrono::milliseconds kOutageBackoffMax{5000};

  const WorkerConfig config_;
  JobStore& jobs_;
  MediaStore& media_;
  JobProcessor& processor_;
  std::atomic<bool> stopping_{false};
  std::chrono::steady_clock::time_point stop_requested_at_;
  std::chrono::steady_clock::time_point last_beat_{};  // epoch: the first poll beats
  std::mutex mutex_;
  std::condition_variable wake_;
};

}  // namespace deeptrace::worker
