#include "api/webhook_dispatcher.hpp"

#include <algorithm>

#include "api/context.hpp"
#include "api/webhook_sender.hpp"
#include "api/webhook_signature.hpp"
#include "core/log.hpp"
#include "core/random.hpp"
#include "core/time.hpp"

namespace deeptrace::api {
namespace {

// Workers stamp updated_at with their own clocks: the feed looks this far
// back so a job stamped a little behind the cursor is still seen.
constexpr TimeMs kFeedOverlapMs = 10'000;
constexpr int kFeedBatch = 500;
constexpr int kDueBatch = 100;
// Larger documents (a report with many frames) go as a summary and a link.
constexpr std::size_t kMaxInlineJobBytes = 256 * 1024;

std::optional<std::string_view> event_for(JobStatus status) {
  switch (status) {
    case JobStatus::Completed:
      return kJobCompletedEvent;
    case JobStatus::Failed:
      return kJobFailedEvent;
    case JobStatus::Cancelled:
      return kJobCancelledEvent;
    default:
      return std::nullopt;
  }
}

nlohmann::json job_event_data(const Job& job) {
  nlohmann::json full = job_json_with_links(job);
  if (full.dump().size() <= kMaxInlineJobBytes) return full;
  nlohmann::json summary;
  for (const char* field : {"job_id", "status", "created_at", "finished_at", "media", "error", "links"})
    if (full.contains(field)) summary[field] = full[field];
  if (full.contains("result") && full["result"].is_object() && full["result"].contains("verdict"))
    summary["verdict"] = full["result"]["verdict"];
  summary["truncated"] = true;  // GET links.self for the whole document
  return summary;
}

}  // namespace

std::string webhook_body(std::string_view type, const nlohmann::json& data) {
  return nlohmann::json{{"type", type}, {"timestamp", format_rfc3339(now_ms())}, {"data", data}}.dump();
}

Delivery new_webhook_delivery(const Webhook& hook, std::string_view event, const std::string& job_id,
                              std::string body) {
  Delivery delivery;
  delivery.id = "msg_" + random_hex(12);
  delivery.webhook_id = hook.id;
  delivery.event = std::string(event);
  delivery.job_id = job_id;
  delivery.payload = std::move(body);
  delivery.created_at = delivery.next_attempt_at = now_ms();
  return delivery;
}

std::optional<TimeMs> webhook_retry_at(const std::vector<TimeMs>& delays_ms, int failed_attempts, TimeMs now) {
  if (failed_attempts < 1 || failed_attempts > static_cast<int>(delays_ms.size())) return std::nullopt;
  // Jitter (80-120%) spreads the retries of deliveries that failed together.
  const double delay = static_cast<double>(delays_ms[static_cast<std::size_t>(failed_attempts - 1)]);
  return now + static_cast<TimeMs>(delay * (0.8 + 0.4 * random_unit()));
}

WebhookDispatcher::WebhookDispatcher(JobStore& jobs, WebhookStore& webhooks, WebhookSettings settings, Metrics* metrics)
    : jobs_(jobs), webhooks_(webhooks), settings_(std::move(settings)), metrics_(metrics), senders_(settings_.senders) {}

WebhookDispatcher::~WebhookDispatcher() { stop(); }

void WebhookDispatcher::start() { loop_ = std::thread([this] { run(); }); }

void WebhookDispatcher::stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && !loop_.joinable()) return;
    stopping_ = true;
  }
  wake_.notify_all();
  if (loop_.joinable()) loop_.join();
  senders_.join();
}

void WebhookDispatcher::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      feed_once();
      send_due();
      trim_log_when_due();
    } catch (const std::exception& e) {
      log::warn("webhook dispatch failed; retrying", {{"error", e.what()}});
    }
    lock.lock();
    wake_.wait_for(lock, settings_.poll, [this] { return stopping_; });
  }
}

// Hourly (and at start): finished deliveries past the retention leave the log.
void WebhookDispatcher::trim_log_when_due() {
  const auto now = std::chrono::steady_clock::now();
  if (last_trim_ && now - *last_trim_ < settings_.trim_every) return;
  last_trim_ = now;
  std::int64_t removed = webhooks_.trim_deliveries(now_ms() - settings_.log_retention_ms);
  if (removed > 0) log::info("webhook delivery log trimmed", {{"removed", removed}, {"retention_ms", settings_.log_retention_ms}});
}

void WebhookDispatcher::feed_once() {
  if (!cursor_) cursor_ = webhooks_.feed_cursor(now_ms());  // the first start sends nothing from before it
  std::vector<Job> changed = jobs_.updated_since(*cursor_ - kFeedOverlapMs, kFeedBatch);
  TimeMs newest = *cursor_;
  for (const Job& job : changed) {
    newest = std::max(newest, job.updated_at);
    auto event = event_for(job.status);
    if (!event || fed_.contains(job.id)) continue;
    enqueue_job_event(job, *event);
    fed_[job.id] = job.updated_at;
  }
  if (newest > *cursor_) {
    webhooks_.set_feed_cursor(newest);
    cursor_ = newest;
  }
  std::erase_if(fed_, [this](const auto& entry) { return entry.second < *cursor_ - kFeedOverlapMs; });
}

void WebhookDispatcher::enqueue_job_event(const Job& job, std::string_view event) {
  std::optional<std::string> body;  // built once, for the first subscriber
  const TimeMs ended = job.finished_at.value_or(job.updated_at);
  for (const Webhook& hook : webhooks_.subscribers(job.owner, event)) {
    if (hook.created_at > ended) continue;  // it did not exist when the job ended
    if (!body) body = webhook_body(event, job_event_data(job));
    Delivery delivery = new_webhook_delivery(hook, event, job.id, *body);
    if (webhooks_.enqueue(delivery, std::string(event) + ":" + job.id))
      log::info("webhook queued", {{"job_id", job.id}, {"webhook_id", hook.id}, {"event", event},
                                   {"delivery_id", delivery.id}});
  }
}

void WebhookDispatcher::send_due() {
  const TimeMs now = now_ms();
  // An attempt ends within its timeout; the lease outlasts it.
  const TimeMs lease_until = now + 3 * settings_.timeout.count() + 30'000;
  std::map<std::string, std::optional<Webhook>> hooks;
  for (const Delivery& delivery : webhooks_.due(now, kDueBatch)) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_ || in_flight_total_ >= 2 * settings_.senders) return;
      if (in_flight_[delivery.webhook_id] >= settings_.max_in_flight_per_endpoint) continue;
    }
    auto [it, fresh] = hooks.try_emplace(delivery.webhook_id);
    if (fresh) it->second = webhooks_.find(delivery.webhook_id);
    if (!it->second || !it->second->enabled) continue;
    if (!webhooks_.claim(delivery, lease_until)) continue;  // another API instance took it
    {
      std::lock_guard lock(mutex_);
      ++in_flight_[delivery.webhook_id];
      ++in_flight_total_;
    }
    asio::post(senders_, [this, delivery, hook = *it->second] {
      try {
        deliver(delivery, hook);
      } catch (const std::exception& e) {
        log::warn("webhook attempt not recorded; it is retried when its lease ends",
                  {{"delivery_id", delivery.id}, {"error", e.what()}});
      }
      std::lock_guard lock(mutex_);
      if (--in_flight_[delivery.webhook_id] == 0) in_flight_.erase(delivery.webhook_id);
      --in_flight_total_;
    });
  }
}

void WebhookDispatcher::deliver(const Delivery& delivery, const Webhook& hook) {
  const TimeMs started = now_ms();
  SendOutcome outcome;
  try {
    WebhookMessage message{delivery.id, started / 1000, "", delivery.payload};
    message.signature =
        webhook_signature_header(signing_secrets(hook, started), message.id, message.timestamp_s, message.body);
    outcome = send_webhook(parse_webhook_url(hook.url), settings_.policy, message, settings_.timeout);
  } catch (const std::exception& e) {
    outcome = SendOutcome{false, std::nullopt, e.what()};
  }
  const TimeMs ended = now_ms();
  AttemptRecord record{delivery.id, ended, outcome.delivered, outcome.status, outcome.error, std::nullopt};
  if (!outcome.delivered) record.retry_at = webhook_retry_at(settings_.retry_delays_ms, delivery.attempts + 1, ended);
  webhooks_.record_attempt(record);
  if (metrics_) metrics_->count_webhook_attempt(outcome.delivered ? "delivered" : record.retry_at ? "retrying" : "gave_up");
  nlohmann::json fields = {{"delivery_id", delivery.id}, {"webhook_id", hook.id}, {"event", delivery.event},
                           {"attempt", delivery.attempts + 1}, {"duration_ms", ended - started},
                           {"delivered", outcome.delivered}};
  if (!delivery.job_id.empty()) fields["job_id"] = delivery.job_id;
  if (outcome.status) fields["status"] = *outcome.status;
  if (!outcome.delivered) {
    fields["error"] = outcome.error;
    fields["gave_up"] = !record.retry_at.has_value();
  }
  log::info("webhook attempt", fields);
}

}  // namespace deeptrace::api
