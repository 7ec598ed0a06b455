#pragma once
// Fan-out of job changes to Server-Sent-Event watchers. ONE poller (an asio
// timer) reads JobStore::updated_since and hands each changed job to the
// subscribers of that job, so a thousand watchers cost one query per tick,
// not a thread or a query each.
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/asio_types.hpp"
#include "core/job.hpp"

namespace deeptrace {
class JobStore;
}

namespace deeptrace::api {

// One watcher. The hub holds it weakly and forgets it once its owner lets go
// (no unsubscribe call, so no destructor ever has to reach the hub). Its
// members are touched only on its executor (the connection's strand); the
// hub posts to it.
class Subscription {
 public:
  Subscription(std::string job_id, asio::any_io_executor executor);

  const std::string& job_id() const { return job_id_; }
  // Waits until a change arrives, the hub shuts down or `timeout` passes.
  awaitable<void> wait(std::chrono::milliseconds timeout);
  std::deque<Job> take();
  bool closed() const { return closed_; }

 private:
  friend class EventHub;
  void deliver(Job job);
  void close();

  std::string job_id_;
  asio::any_io_executor executor_;
  asio::steady_timer wake_;
  std::deque<Job> pending_;
  bool closed_ = false;
};

class EventHub {
 public:
  EventHub(asio::io_context& io, JobStore& jobs, std::chrono::milliseconds poll_interval);

  void start();
  void shutdown();  // closes every subscription
  std::shared_ptr<Subscription> subscribe(const std::string& job_id, asio::any_io_executor executor);
  std::size_t subscriber_count();

 private:
  awaitable<void> poll_loop();
  void poll_once();
  void fan_out(const std::vector<Job>& changed);
  void prune_locked();  // drops watchers that went away

  JobStore& jobs_;
  asio::strand<asio::io_context::executor_type> strand_;
  std::chrono::milliseconds poll_interval_;
  mutable std::mutex mutex_;
  std::multimap<std::string, std::weak_ptr<Subscription>> by_job_;
  TimeMs cursor_ = 0;
  bool stopped_ = false;
};

}  // namespace deeptrace::api
