#include "api/event_hub.hpp"

#include "core/log.hpp"
#include "core/time.hpp"
#include "store/job_store.hpp"

namespace deeptrace::api {
namespace {
constexpr int kPollBatch = 500;
// A fresh poll window starts a little in the past: a change committed just
// before the first subscriber arrived is re-delivered, and watchers drop
// duplicates, so nothing falls between the initial GET and the first poll.
constexpr TimeMs kRewindMs = 2000;
}  // namespace

Subscription::Subscription(std::string job_id, asio::any_io_executor executor)
    : job_id_(std::move(job_id)), executor_(executor), wake_(executor) {}

awaitable<void> Subscription::wait(std::chrono::milliseconds timeout) {
  if (!pending_.empty() || closed_) co_return;
  wake_.expires_after(timeout);
  beast::error_code ec;
  co_await wake_.async_wait(asio::redirect_error(use_awaitable, ec));
}

std::deque<Job> Subscription::take() { return std::exchange(pending_, {}); }

void Subscription::deliver(Job job) {
  pending_.push_back(std::move(job));
  wake_.cancel();
}

void Subscription::close() {
  closed_ = true;
  wake_.cancel();
}

EventHub::EventHub(asio::io_context& io, JobStore& jobs, std::chrono::milliseconds poll_interval)
    : jobs_(jobs), strand_(asio::make_strand(io)), poll_interval_(poll_interval) {}

void EventHub::start() {
  asio::co_spawn(strand_, poll_loop(), asio::detached);
}

std::shared_ptr<Subscription> EventHub::subscribe(const std::string& job_id, asio::any_io_executor executor) {
  auto sub = std::make_shared<Subscription>(job_id, executor);
  std::lock_guard lock(mutex_);
  if (by_job_.empty()) cursor_ = now_ms() - kRewindMs;
  by_job_.emplace(job_id, sub);
  if (stopped_) asio::post(executor, [sub] { sub->close(); });
  return sub;
}

void EventHub::prune_locked() {
  for (auto it = by_job_.begin(); it != by_job_.end();) {
    it = it->second.expired() ? by_job_.erase(it) : std::next(it);
  }
}

std::size_t EventHub::subscriber_count() {
  std::lock_guard lock(mutex_);
  prune_locked();
  return by_job_.size();
}

void EventHub::shutdown() {
  std::lock_guard lock(mutex_);
  stopped_ = true;
  for (auto& [id, weak] : by_job_) {
    if (auto sub = weak.lock()) asio::post(sub->executor_, [sub] { sub->close(); });
  }
}

awaitable<void> EventHub::poll_loop() {
  asio::steady_timer timer(strand_);
  for (;;) {
    {
      std::lock_guard lock(mutex_);
      if (stopped_) co_return;
    }
    if (subscriber_count() > 0) poll_once();
    timer.expires_after(poll_interval_);
    co_await timer.async_wait(use_awaitable);
  }
}

void EventHub::poll_once() {
  TimeMs since;
  {
    std::lock_guard lock(mutex_);
    since = cursor_;
  }
  try {
    std::vector<Job> changed = jobs_.updated_since(since, kPollBatch);
    if (changed.empty()) return;
    {
      std::lock_guard lock(mutex_);
      // updated_since is inclusive, so the newest timestamp is seen again
      // next tick; subscribers drop what they already sent.
      for (const Job& job : changed) cursor_ = std::max(cursor_, job.updated_at);
    }
    fan_out(changed);
  } catch (const std::exception& e) {
    log::warn("event poll failed", {{"error", e.what()}});
  }
}

void EventHub::fan_out(const std::vector<Job>& changed) {
  std::lock_guard lock(mutex_);
  for (const Job& job : changed) {
    auto [begin, end] = by_job_.equal_range(job.id);
    for (auto it = begin; it != end; ++it) {
      if (auto sub = it->second.lock()) asio::post(sub->executor_, [sub, job] { sub->deliver(job); });
    }
  }
}

}  // namespace deeptrace::api
