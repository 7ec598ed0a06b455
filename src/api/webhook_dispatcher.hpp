#pragma once
// Turns job endings into webhook deliveries and sends them (docs/webhooks.md).
// The feed reads JobStore::updated_since from a cursor kept in the store and
// enqueues one delivery per subscribed endpoint and event (the store refuses
// a second one, so a restart or a second API instance never sends twice).
// The sender claims due deliveries with a lease, signs each attempt, and
// records the outcome with its next retry time; a delivery that fails for
// the whole retry schedule gives up and disables its endpoint.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "api/asio_types.hpp"
#include "api/metrics.hpp"
#include "api/webhook_url.hpp"
#include "store/job_store.hpp"
#include "store/webhook_store.hpp"

namespace deeptrace::api {

struct WebhookSettings {
  WebhookAddressPolicy policy;
  std::vector<TimeMs> retry_delays_ms;  // after the 1st, 2nd, ... failed attempt; then give up
  std::chrono::milliseconds timeout{15'000};
  std::chrono::milliseconds poll{500};
  int senders = 8;
  int max_in_flight_per_endpoint = 4;
  TimeMs log_retention_ms = 30LL * 24 * 3600 * 1000;  // finished deliveries older than this are trimmed
  std::chrono::milliseconds trim_every{3600'000};
};

// A delivery body: {"type", "timestamp", "data"}.
std::string webhook_body(std::string_view type, const nlohmann::json& data);
// A new pending delivery of `body`, due now.
Delivery new_webhook_delivery(const Webhook& hook, std::string_view event, const std::string& job_id,
                              std::string body);
// When to try again after `failed_attempts` failures; nullopt: give up.
std::optional<TimeMs> webhook_retry_at(const std::vector<TimeMs>& delays_ms, int failed_attempts, TimeMs now);

class WebhookDispatcher {
 public:
  // `metrics` (optional) counts each attempt's outcome for /metrics.
  WebhookDispatcher(JobStore& jobs, WebhookStore& webhooks, WebhookSettings settings, Metrics* metrics = nullptr);
  ~WebhookDispatcher();
  void start();
  void stop();  // waits for attempts in progress (each ends within its timeout)

 private:
  void run();
  void feed_once();
  void send_due();
  void trim_log_when_due();
  void deliver(const Delivery& delivery, const Webhook& hook);
  void enqueue_job_event(const Job& job, std::string_view event);

  JobStore& jobs_;
  WebhookStore& webhooks_;
  WebhookSettings settings_;
  Metrics* metrics_;
  asio::thread_pool senders_;
  std::thread loop_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::map<std::string, int> in_flight_;  // per endpoint, under mutex_
  int in_flight_total_ = 0;
  std::optional<TimeMs> cursor_;
  std::optional<std::chrono::steady_clock::time_point> last_trim_;
  std::map<std::string, TimeMs> fed_;  // jobs fed within the overlap window: job id -> updated_at
};

}  // namespace deeptrace::api
