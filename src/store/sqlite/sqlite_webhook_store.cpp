#include "store/sqlite/sqlite_webhook_store.hpp"

#include <algorithm>

#include "core/time.hpp"
#include "store/sqlite/sqlite_schema.hpp"

namespace deeptrace {
namespace {

using sqlite::ImmediateTransaction;
using sqlite::Statement;

constexpr const char* kWebhookColumns =
    "SELECT id, owner, url, events, description, secret, enabled, disabled_reason, consecutive_failures, "
    "created_at, updated_at, previous_secret, previous_secret_until FROM webhooks ";
constexpr const char* kDeliveryColumns =
    "SELECT id, webhook_id, event, job_id, payload, state, attempts, created_at, next_attempt_at, last_attempt_at, "
    "response_status, last_error FROM webhook_deliveries ";

Webhook webhook_from_row(const Statement& row) {
  Webhook hook;
  hook.id = row.text(0);
  hook.owner = row.text(1);
  hook.url = row.text(2);
  hook.events = Json::parse(row.text(3)).get<std::vector<std::string>>();
  hook.description = row.text(4);
  hook.secret = row.text(5);
  hook.enabled = row.int64(6) != 0;
  hook.disabled_reason = row.text(7);
  hook.consecutive_failures = row.int32(8);
  hook.created_at = row.int64(9);
  hook.updated_at = row.int64(10);
  hook.previous_secret = row.text(11);
  hook.previous_secret_until = row.optional_int64(12);
  return hook;
}

Delivery delivery_from_row(const Statement& row) {
  Delivery delivery;
  delivery.id = row.text(0);
  delivery.webhook_id = row.text(1);
  delivery.event = row.text(2);
  delivery.job_id = row.text(3);
  delivery.payload = row.text(4);
  delivery.state = parse_delivery_state(row.text(5)).value_or(DeliveryState::Pending);
  delivery.attempts = row.int32(6);
  delivery.created_at = row.int64(7);
  delivery.next_attempt_at = row.int64(8);
  delivery.last_attempt_at = row.optional_int64(9);
  if (auto status = row.optional_int64(10)) delivery.response_status = static_cast<int>(*status);
  delivery.last_error = row.text(11);
  return delivery;
}

std::string events_text(const std::vector<std::string>& events) { return Json(events).dump(); }

// Pending deliveries of a disabled endpoint wait parked; enabling it makes them due.
void park_or_release(sqlite::Connection& connection, const std::string& webhook_id, bool enabled, TimeMs now) {
  if (enabled) {
    Statement release(connection, "UPDATE webhook_deliveries SET next_attempt_at=?1 "
                                  "WHERE webhook_id=?2 AND state='pending' AND next_attempt_at=?3");
    release.bind(1, now).bind(2, webhook_id).bind(3, kParkedDeliveryTime).run();
  } else {
    Statement park(connection, "UPDATE webhook_deliveries SET next_attempt_at=?1 "
                               "WHERE webhook_id=?2 AND state='pending'");
    park.bind(1, kParkedDeliveryTime).bind(2, webhook_id).run();
  }
}

}  // namespace

SqliteWebhookStore::SqliteWebhookStore(const std::filesystem::path& file, std::chrono::milliseconds busy_timeout)
    : connection_(file, busy_timeout) {
  sqlite::migrate(connection_);
}

void SqliteWebhookStore::create(const Webhook& hook) {
  std::lock_guard lock(mutex_);
  Statement insert(connection_,
                   "INSERT INTO webhooks (id, owner, url, events, description, secret, enabled, disabled_reason, "
                   "consecutive_failures, created_at, updated_at, previous_secret, previous_secret_until) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");
  insert.bind(1, hook.id).bind(2, hook.owner).bind(3, hook.url).bind(4, events_text(hook.events));
  insert.bind(5, hook.description).bind(6, hook.secret).bind(7, hook.enabled).bind(8, hook.disabled_reason);
  insert.bind(9, hook.consecutive_failures).bind(10, hook.created_at).bind(11, hook.updated_at);
  insert.bind(12, hook.previous_secret).bind(13, hook.previous_secret_until).run();
}

std::vector<Webhook> SqliteWebhookStore::select_webhooks(std::string_view where, const std::string& a,
                                                         const std::string& b) {
  Statement select(connection_, std::string(kWebhookColumns) + std::string(where));
  select.bind(1, a);
  if (!b.empty()) select.bind(2, b);
  std::vector<Webhook> hooks;
  while (select.step()) hooks.push_back(webhook_from_row(select));
  return hooks;
}

std::vector<Webhook> SqliteWebhookStore::list(const std::string& owner) {
  std::lock_guard lock(mutex_);
  return select_webhooks("WHERE owner=?1 ORDER BY created_at, rowid", owner);
}

std::optional<Webhook> SqliteWebhookStore::get(const std::string& id, const std::string& owner) {
  std::lock_guard lock(mutex_);
  auto hooks = select_webhooks("WHERE id=?1 AND owner=?2", id, owner);
  if (hooks.empty()) return std::nullopt;
  return hooks.front();
}

std::optional<Webhook> SqliteWebhookStore::find(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto hooks = select_webhooks("WHERE id=?1", id);
  if (hooks.empty()) return std::nullopt;
  return hooks.front();
}

std::optional<Webhook> SqliteWebhookStore::update(const std::string& id, const std::string& owner,
                                                  const WebhookPatch& patch) {
  std::lock_guard lock(mutex_);
  ImmediateTransaction tx(connection_);
  auto found = select_webhooks("WHERE id=?1 AND owner=?2", id, owner);
  if (found.empty()) return std::nullopt;
  Webhook hook = found.front();
  const TimeMs now = now_ms();
  if (apply_webhook_patch(hook, patch, now)) park_or_release(connection_, hook.id, hook.enabled, now);
  Statement write(connection_,
                  "UPDATE webhooks SET url=?2, events=?3, description=?4, secret=?5, enabled=?6, disabled_reason=?7, "
                  "consecutive_failures=?8, updated_at=?9, previous_secret=?10, previous_secret_until=?11 WHERE id=?1");
  write.bind(1, hook.id).bind(2, hook.url).bind(3, events_text(hook.events)).bind(4, hook.description);
  write.bind(5, hook.secret).bind(6, hook.enabled).bind(7, hook.disabled_reason);
  write.bind(8, hook.consecutive_failures).bind(9, hook.updated_at);
  write.bind(10, hook.previous_secret).bind(11, hook.previous_secret_until).run();
  tx.commit();
  return hook;
}

bool SqliteWebhookStore::remove(const std::string& id, const std::string& owner) {
  std::lock_guard lock(mutex_);
  // Deliveries go with it (ON DELETE CASCADE).
  Statement remove(connection_, "DELETE FROM webhooks WHERE id=?1 AND owner=?2");
  return remove.bind(1, id).bind(2, owner).run() > 0;
}

std::vector<Webhook> SqliteWebhookStore::subscribers(const std::string& owner, std::string_view event) {
  std::lock_guard lock(mutex_);
  return select_webhooks(
      "WHERE owner=?1 AND enabled=1 AND EXISTS (SELECT 1 FROM json_each(webhooks.events) WHERE value=?2) "
      "ORDER BY created_at, rowid",
      owner, std::string(event));
}

bool SqliteWebhookStore::enqueue(const Delivery& delivery, const std::string& dedupe_key) {
  std::lock_guard lock(mutex_);
  Statement insert(connection_,
                   "INSERT INTO webhook_deliveries (id, webhook_id, dedupe_key, event, job_id, payload, state, "
                   "attempts, created_at, next_attempt_at, last_attempt_at, response_status, last_error) "
                   "SELECT ?1, ?2, ?3, ?4, ?5, ?6, 'pending', 0, ?7, "
                   "CASE WHEN w.enabled THEN ?8 ELSE ?9 END, NULL, NULL, '' FROM webhooks w WHERE w.id=?2 "
                   "ON CONFLICT (webhook_id, dedupe_key) DO NOTHING");
  insert.bind(1, delivery.id).bind(2, delivery.webhook_id).bind(3, dedupe_key).bind(4, delivery.event);
  insert.bind(5, delivery.job_id).bind(6, delivery.payload).bind(7, delivery.created_at);
  insert.bind(8, delivery.next_attempt_at).bind(9, kParkedDeliveryTime);
  return insert.run() > 0;
}

std::vector<Delivery> SqliteWebhookStore::select_deliveries(std::string_view rest, const std::string& key,
                                                            std::int64_t number) {
  Statement select(connection_, std::string(kDeliveryColumns) + std::string(rest));
  if (!key.empty()) select.bind(1, key);
  select.bind(2, number);
  std::vector<Delivery> found;
  while (select.step()) found.push_back(delivery_from_row(select));
  return found;
}

std::vector<Delivery> SqliteWebhookStore::due(TimeMs now, int limit) {
  std::lock_guard lock(mutex_);
  Statement select(connection_, std::string(kDeliveryColumns) +
                                    "WHERE state='pending' AND next_attempt_at<=?1 ORDER BY next_attempt_at, id LIMIT ?2");
  select.bind(1, now).bind(2, std::clamp(limit, 1, 1000));
  std::vector<Delivery> found;
  while (select.step()) found.push_back(delivery_from_row(select));
  return found;
}

bool SqliteWebhookStore::claim(const Delivery& delivery, TimeMs lease_until) {
  std::lock_guard lock(mutex_);
  Statement update(connection_,
                   "UPDATE webhook_deliveries SET next_attempt_at=?1 "
                   "WHERE id=?2 AND state='pending' AND next_attempt_at=?3");
  return update.bind(1, lease_until).bind(2, delivery.id).bind(3, delivery.next_attempt_at).run() > 0;
}

void SqliteWebhookStore::record_attempt(const AttemptRecord& attempt) {
  std::lock_guard lock(mutex_);
  ImmediateTransaction tx(connection_);
  const bool gave_up = !attempt.succeeded && !attempt.retry_at;
  const char* state = attempt.succeeded ? "succeeded" : (gave_up ? "failed" : "pending");
  Statement update(connection_,
                   "UPDATE webhook_deliveries SET state=?2, attempts=attempts+1, last_attempt_at=?3, "
                   "response_status=?4, last_error=?5, next_attempt_at=CASE WHEN (SELECT enabled FROM webhooks w "
                   "WHERE w.id=webhook_deliveries.webhook_id)=1 THEN ?6 ELSE ?7 END WHERE id=?1 AND state='pending' "
                   "RETURNING webhook_id");
  std::optional<std::int64_t> status;
  if (attempt.response_status) status = *attempt.response_status;
  update.bind(1, attempt.delivery_id).bind(2, state).bind(3, attempt.attempted_at).bind(4, status);
  update.bind(5, attempt.succeeded ? "" : attempt.error).bind(6, attempt.retry_at.value_or(attempt.attempted_at));
  update.bind(7, kParkedDeliveryTime);
  if (!update.step()) return;  // the endpoint was deleted meanwhile
  const std::string webhook_id = update.text(0);
  update.reset();
  if (attempt.succeeded) {
    Statement reset(connection_, "UPDATE webhooks SET consecutive_failures=0 WHERE id=?1");
    reset.bind(1, webhook_id).run();
  } else {
    Statement count(connection_, "UPDATE webhooks SET consecutive_failures=consecutive_failures+1 WHERE id=?1");
    count.bind(1, webhook_id).run();
  }
  if (gave_up) {
    Statement disable(connection_,
                      "UPDATE webhooks SET enabled=0, disabled_reason=?2, updated_at=?3 WHERE id=?1 AND enabled=1");
    if (disable.bind(1, webhook_id).bind(2, attempt.error).bind(3, attempt.attempted_at).run() > 0)
      park_or_release(connection_, webhook_id, false, attempt.attempted_at);
  }
  tx.commit();
}

std::vector<Delivery> SqliteWebhookStore::deliveries(const std::string& webhook_id, int limit) {
  std::lock_guard lock(mutex_);
  return select_deliveries("WHERE webhook_id=?1 ORDER BY created_at DESC, rowid DESC LIMIT ?2", webhook_id,
                           std::clamp(limit, 1, 1000));
}

std::optional<Delivery> SqliteWebhookStore::delivery(const std::string& delivery_id) {
  std::lock_guard lock(mutex_);
  auto found = select_deliveries("WHERE id=?1 LIMIT ?2", delivery_id, 1);
  if (found.empty()) return std::nullopt;
  return found.front();
}

std::int64_t SqliteWebhookStore::trim_deliveries(TimeMs cutoff) {
  std::lock_guard lock(mutex_);
  Statement trim(connection_,
                 "DELETE FROM webhook_deliveries WHERE state IN ('succeeded','failed') AND last_attempt_at<?1");
  return trim.bind(1, cutoff).run();
}

TimeMs SqliteWebhookStore::feed_cursor(TimeMs initial) {
  std::lock_guard lock(mutex_);
  Statement insert(connection_, "INSERT INTO webhook_feed (id, cursor) VALUES (1, ?1) ON CONFLICT (id) DO NOTHING");
  insert.bind(1, initial).run();
  Statement select(connection_, "SELECT cursor FROM webhook_feed WHERE id=1");
  select.step();
  return select.int64(0);
}

void SqliteWebhookStore::set_feed_cursor(TimeMs cursor) {
  std::lock_guard lock(mutex_);
  // Only forward: two API instances feeding at once never move it back.
  Statement update(connection_,
                   "INSERT INTO webhook_feed (id, cursor) VALUES (1, ?1) "
                   "ON CONFLICT (id) DO UPDATE SET cursor=max(cursor, excluded.cursor)");
  update.bind(1, cursor).run();
}

}  // namespace deeptrace
