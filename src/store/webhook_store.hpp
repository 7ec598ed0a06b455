#pragma once
// Webhook endpoints and their durable delivery outbox (Standard Webhooks,
// docs/webhooks.md). Kept in the same database as the jobs, so deliveries
// survive restarts and any API instance can send them. Every backend passes
// the conformance suite in tests/store/webhook_store_test.cpp.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/job.hpp"

namespace deeptrace {

// The events a webhook can subscribe to, plus the test ping.
inline constexpr std::string_view kJobCompletedEvent = "job.completed";
inline constexpr std::string_view kJobFailedEvent = "job.failed";
inline constexpr std::string_view kJobCancelledEvent = "job.cancelled";
inline constexpr std::string_view kWebhookTestEvent = "webhook.test";
const std::vector<std::string>& subscribable_webhook_events();

struct Webhook {
  std::string id;     // "wh_" + 24 hex
  std::string owner;  // user id
  std::string url;
  std::vector<std::string> events;
  std::string description;
  std::string secret;  // "whsec_" + base64 of 32 random bytes
  // The secret before the last rotation, which signs beside the new one
  // until previous_secret_until, so receivers can switch without refusing a
  // delivery (Standard Webhooks: several signatures, space-delimited). Empty
  // when there is none.
  std::string previous_secret;
  std::optional<TimeMs> previous_secret_until;
  bool enabled = true;
  std::string disabled_reason;  // why the API disabled it; empty while enabled
  int consecutive_failures = 0;  // failed attempts since the last success
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct WebhookPatch {
  std::optional<std::string> url = std::nullopt;
  std::optional<std::vector<std::string>> events = std::nullopt;
  std::optional<std::string> description = std::nullopt;
  std::optional<bool> enabled = std::nullopt;  // enabling clears the reason and the failure count
  std::optional<std::string> secret = std::nullopt;
  // With `secret`: the secret it replaces keeps signing until then; without
  // (or at a time already past) it stops at once.
  std::optional<TimeMs> previous_secret_until = std::nullopt;
};

// What every backend's update() does to the endpoint it read, at `now`;
// returns whether `enabled` changed (the caller parks or releases its
// pending deliveries then).
bool apply_webhook_patch(Webhook& hook, const WebhookPatch& patch, TimeMs now);

// The secrets a delivery attempt at `now` is signed with: the current one
// first, then the previous one while it still signs.
std::vector<std::string> signing_secrets(const Webhook& hook, TimeMs now);

// pending: waiting for its next attempt (or for its endpoint to be enabled);
// succeeded: the receiver answered 2xx; failed: every attempt failed.
enum class DeliveryState { Pending, Succeeded, Failed };
std::string_view delivery_state_name(DeliveryState state);
std::optional<DeliveryState> parse_delivery_state(std::string_view name);

struct Delivery {
  std::string id;  // "msg_" + 24 hex: the webhook-id header, the same on every attempt
  std::string webhook_id;
  std::string event;
  std::string job_id;  // empty for test pings
  std::string payload;  // the exact body sent on every attempt
  DeliveryState state = DeliveryState::Pending;
  int attempts = 0;
  TimeMs created_at = 0;
  TimeMs next_attempt_at = 0;
  std::optional<TimeMs> last_attempt_at;
  std::optional<int> response_status;  // of the last attempt, when it got an answer
  std::string last_error;               // of the last attempt; empty after a success
};

struct AttemptRecord {
  std::string delivery_id;
  TimeMs attempted_at = 0;
  bool succeeded = false;
  std::optional<int> response_status;
  std::string error;
  // For a failure: when to try again; nullopt gives up, which marks the
  // delivery failed and disables its endpoint with `error` as the reason.
  std::optional<TimeMs> retry_at;
};

// A pending delivery whose endpoint is disabled waits here, not at a time.
inline constexpr TimeMs kParkedDeliveryTime = 9'000'000'000'000'000;

class WebhookStore {
 public:
  virtual ~WebhookStore() = default;

  // Stores a validated endpoint (the API fills id, secret and times).
  virtual void create(const Webhook& hook) = 0;
  // Oldest first.
  virtual std::vector<Webhook> list(const std::string& owner) = 0;
  virtual std::optional<Webhook> get(const std::string& id, const std::string& owner) = 0;
  // nullopt when the owner has no such endpoint. Disabling parks its pending
  // deliveries; enabling makes them due now.
  virtual std::optional<Webhook> update(const std::string& id, const std::string& owner, const WebhookPatch& patch) = 0;
  // Removes the endpoint and its deliveries; false when the owner has none such.
  virtual bool remove(const std::string& id, const std::string& owner) = 0;
  // The owner's enabled endpoints that subscribe to `event`.
  virtual std::vector<Webhook> subscribers(const std::string& owner, std::string_view event) = 0;
  // By id alone, for the sender.
  virtual std::optional<Webhook> find(const std::string& id) = 0;

  // Adds a delivery unless its endpoint already has one with the same
  // dedupe_key (e.g. "job.completed:<job id>"): false then, so feeding the
  // same job change twice sends one message.
  virtual bool enqueue(const Delivery& delivery, const std::string& dedupe_key) = 0;
  // Pending deliveries due at `now`, earliest due first.
  virtual std::vector<Delivery> due(TimeMs now, int limit) = 0;
  // Takes a due delivery for one attempt: moves its next_attempt_at to
  // lease_until if it is still pending at the time `due` returned. False if
  // another sender took it first.
  virtual bool claim(const Delivery& delivery, TimeMs lease_until) = 0;
  virtual void record_attempt(const AttemptRecord& attempt) = 0;
  // An endpoint's deliveries, newest first.
  virtual std::vector<Delivery> deliveries(const std::string& webhook_id, int limit) = 0;
  virtual std::optional<Delivery> delivery(const std::string& delivery_id) = 0;
  // Keeps the log bounded: removes succeeded and failed deliveries whose last
  // attempt was before `cutoff` (pending ones stay, however old) and returns
  // how many. Their events are long past the feed's cursor, so none is sent again.
  virtual std::int64_t trim_deliveries(TimeMs cutoff) = 0;

  // Where the job-change feed that enqueues events has got to: the stored
  // value, or `initial` (stored) the first time.
  virtual TimeMs feed_cursor(TimeMs initial) = 0;
  virtual void set_feed_cursor(TimeMs cursor) = 0;
};

}  // namespace deeptrace
