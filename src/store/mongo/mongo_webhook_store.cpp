#include "store/mongo/mongo_webhook_store.hpp"

#include <algorithm>

#include "core/time.hpp"

namespace deeptrace {
namespace {

using mongo::Collection;
using mongo::Ordered;

constexpr const char* kWebhooks = "webhooks";
constexpr const char* kDeliveries = "webhook_deliveries";
constexpr const char* kFeed = "webhook_feed";

Json webhook_doc(const Webhook& hook) {
  return {{"_id", hook.id},
          {"owner", hook.owner},
          {"url", hook.url},
          {"events", hook.events},
          {"description", hook.description},
          {"secret", hook.secret},
          {"enabled", hook.enabled},
          {"disabled_reason", hook.disabled_reason},
          {"consecutive_failures", hook.consecutive_failures},
          {"created_at", hook.created_at},
          {"updated_at", hook.updated_at},
          {"previous_secret", hook.previous_secret},
          {"previous_secret_until", hook.previous_secret_until ? Json(*hook.previous_secret_until) : Json(nullptr)}};
}

Webhook webhook_from(const Json& doc) {
  Webhook hook;
  hook.id = doc.at("_id").get<std::string>();
  hook.owner = doc.at("owner").get<std::string>();
  hook.url = doc.at("url").get<std::string>();
  hook.events = doc.at("events").get<std::vector<std::string>>();
  hook.description = doc.value("description", "");
  hook.secret = doc.at("secret").get<std::string>();
  hook.enabled = doc.value("enabled", true);
  hook.disabled_reason = doc.value("disabled_reason", "");
  hook.consecutive_failures = doc.value("consecutive_failures", 0);
  hook.created_at = doc.value("created_at", TimeMs{0});
  hook.updated_at = doc.value("updated_at", TimeMs{0});
  // Endpoints stored by versions before rotations kept the old secret have neither field.
  hook.previous_secret = doc.value("previous_secret", "");
  if (auto it = doc.find("previous_secret_until"); it != doc.end() && !it->is_null())
    hook.previous_secret_until = it->get<TimeMs>();
  return hook;
}

Delivery delivery_from(const Json& doc) {
  Delivery delivery;
  delivery.id = doc.at("msg_id").get<std::string>();
  delivery.webhook_id = doc.at("webhook_id").get<std::string>();
  delivery.event = doc.at("event").get<std::string>();
  delivery.job_id = doc.value("job_id", "");
  delivery.payload = doc.at("payload").get<std::string>();
  delivery.state = parse_delivery_state(doc.value("state", "pending")).value_or(DeliveryState::Pending);
  delivery.attempts = doc.value("attempts", 0);
  delivery.created_at = doc.value("created_at", TimeMs{0});
  delivery.next_attempt_at = doc.value("next_attempt_at", TimeMs{0});
  if (auto it = doc.find("last_attempt_at"); it != doc.end() && !it->is_null())
    delivery.last_attempt_at = it->get<TimeMs>();
  if (auto it = doc.find("response_status"); it != doc.end() && !it->is_null())
    delivery.response_status = it->get<int>();
  delivery.last_error = doc.value("last_error", "");
  return delivery;
}

}  // namespace

MongoWebhookStore::MongoWebhookStore(std::shared_ptr<mongo::Pool> pool) : pool_(std::move(pool)) {
  Collection hooks(*pool_, kWebhooks);
  hooks.create_indexes(Ordered::array({Ordered{{"key", {{"owner", 1}, {"created_at", 1}}}, {"name", "owner"}}}));
  Collection deliveries(*pool_, kDeliveries);
  deliveries.create_indexes(Ordered::array({
      Ordered{{"key", {{"msg_id", 1}}}, {"name", "msg"}},
      Ordered{{"key", {{"state", 1}, {"next_attempt_at", 1}}}, {"name", "due"}},
      Ordered{{"key", {{"webhook_id", 1}, {"created_at", -1}}}, {"name", "log"}},
  }));
}

void MongoWebhookStore::create(const Webhook& hook) {
  Collection hooks(*pool_, kWebhooks);
  if (!hooks.insert_one(webhook_doc(hook))) throw Error(ErrorCode::INTERNAL, "webhook id collision");
}

std::vector<Webhook> MongoWebhookStore::list(const std::string& owner) {
  Collection hooks(*pool_, kWebhooks);
  std::vector<Webhook> found;
  for (const Json& doc : hooks.find({{"owner", owner}}, {Ordered{{"created_at", 1}, {"_id", 1}}}))
    found.push_back(webhook_from(doc));
  return found;
}

std::optional<Webhook> MongoWebhookStore::get(const std::string& id, const std::string& owner) {
  Collection hooks(*pool_, kWebhooks);
  auto doc = hooks.find_one({{"_id", id}, {"owner", owner}});
  if (!doc) return std::nullopt;
  return webhook_from(*doc);
}

std::optional<Webhook> MongoWebhookStore::find(const std::string& id) {
  Collection hooks(*pool_, kWebhooks);
  auto doc = hooks.find_one({{"_id", id}});
  if (!doc) return std::nullopt;
  return webhook_from(*doc);
}

void MongoWebhookStore::park_or_release(const std::string& webhook_id, bool enabled, TimeMs now) {
  Collection deliveries(*pool_, kDeliveries);
  if (enabled) {
    deliveries.update_many({{"webhook_id", webhook_id}, {"state", "pending"}, {"next_attempt_at", kParkedDeliveryTime}},
                           {{"$set", {{"next_attempt_at", now}}}});
  } else {
    deliveries.update_many({{"webhook_id", webhook_id}, {"state", "pending"}},
                           {{"$set", {{"next_attempt_at", kParkedDeliveryTime}}}});
  }
}

std::optional<Webhook> MongoWebhookStore::update(const std::string& id, const std::string& owner,
                                                 const WebhookPatch& patch) {
  auto found = get(id, owner);
  if (!found) return std::nullopt;
  Webhook hook = *found;
  const TimeMs now = now_ms();
  const bool toggled = apply_webhook_patch(hook, patch, now);
  Collection hooks(*pool_, kWebhooks);
  Json fields = webhook_doc(hook);
  fields.erase("_id");
  if (hooks.update_one({{"_id", id}, {"owner", owner}}, {{"$set", fields}}) == 0) return std::nullopt;
  if (toggled) park_or_release(id, hook.enabled, now);
  return hook;
}

bool MongoWebhookStore::remove(const std::string& id, const std::string& owner) {
  Collection hooks(*pool_, kWebhooks);
  if (hooks.delete_one({{"_id", id}, {"owner", owner}}) == 0) return false;
  Collection deliveries(*pool_, kDeliveries);
  deliveries.delete_many({{"webhook_id", id}});
  return true;
}

std::vector<Webhook> MongoWebhookStore::subscribers(const std::string& owner, std::string_view event) {
  std::vector<Webhook> found;
  for (Webhook& hook : list(owner)) {
    if (hook.enabled && std::find(hook.events.begin(), hook.events.end(), event) != hook.events.end())
      found.push_back(std::move(hook));
  }
  return found;
}

bool MongoWebhookStore::enqueue(const Delivery& delivery, const std::string& dedupe_key) {
  auto hook = find(delivery.webhook_id);
  if (!hook) return false;
  Collection deliveries(*pool_, kDeliveries);
  return deliveries.insert_one({{"_id", delivery.webhook_id + ":" + dedupe_key},
                                {"msg_id", delivery.id},
                                {"webhook_id", delivery.webhook_id},
                                {"event", delivery.event},
                                {"job_id", delivery.job_id},
                                {"payload", delivery.payload},
                                {"state", "pending"},
                                {"attempts", 0},
                                {"created_at", delivery.created_at},
                                {"next_attempt_at", hook->enabled ? delivery.next_attempt_at : kParkedDeliveryTime},
                                {"last_attempt_at", nullptr},
                                {"response_status", nullptr},
                                {"last_error", ""}});
}

std::vector<Delivery> MongoWebhookStore::due(TimeMs now, int limit) {
  Collection deliveries(*pool_, kDeliveries);
  mongo::FindOptions options{Ordered{{"next_attempt_at", 1}, {"msg_id", 1}}, nullptr, std::clamp(limit, 1, 1000)};
  std::vector<Delivery> found;
  for (const Json& doc : deliveries.find({{"state", "pending"}, {"next_attempt_at", {{"$lte", now}}}}, options))
    found.push_back(delivery_from(doc));
  return found;
}

bool MongoWebhookStore::claim(const Delivery& delivery, TimeMs lease_until) {
  Collection deliveries(*pool_, kDeliveries);
  return deliveries.update_one(
             {{"msg_id", delivery.id}, {"state", "pending"}, {"next_attempt_at", delivery.next_attempt_at}},
             {{"$set", {{"next_attempt_at", lease_until}}}}) > 0;
}

void MongoWebhookStore::record_attempt(const AttemptRecord& attempt) {
  auto current = delivery(attempt.delivery_id);
  if (!current || current->state != DeliveryState::Pending) return;
  auto hook = find(current->webhook_id);
  if (!hook) return;  // the endpoint was deleted meanwhile
  const bool gave_up = !attempt.succeeded && !attempt.retry_at;
  DeliveryState state = attempt.succeeded ? DeliveryState::Succeeded : (gave_up ? DeliveryState::Failed
                                                                                : DeliveryState::Pending);
  TimeMs next = attempt.retry_at.value_or(attempt.attempted_at);
  if (!hook->enabled && state == DeliveryState::Pending) next = kParkedDeliveryTime;
  Collection deliveries(*pool_, kDeliveries);
  const std::int64_t updated = deliveries.update_one(
      {{"msg_id", attempt.delivery_id}, {"state", "pending"}},
      {{"$set",
        {{"state", std::string(delivery_state_name(state))},
         {"last_attempt_at", attempt.attempted_at},
         {"response_status", attempt.response_status ? Json(*attempt.response_status) : Json(nullptr)},
         {"last_error", attempt.succeeded ? "" : attempt.error},
         {"next_attempt_at", next}}},
       {"$inc", {{"attempts", 1}}}});
  if (updated == 0) return;
  Collection hooks(*pool_, kWebhooks);
  if (attempt.succeeded) {
    hooks.update_one({{"_id", hook->id}}, {{"$set", {{"consecutive_failures", 0}}}});
  } else {
    hooks.update_one({{"_id", hook->id}}, {{"$inc", {{"consecutive_failures", 1}}}});
  }
  if (gave_up && hooks.update_one({{"_id", hook->id}, {"enabled", true}},
                                  {{"$set",
                                    {{"enabled", false},
                                     {"disabled_reason", attempt.error},
                                     {"updated_at", attempt.attempted_at}}}}) > 0) {
    park_or_release(hook->id, false, attempt.attempted_at);
  }
}

std::vector<Delivery> MongoWebhookStore::deliveries(const std::string& webhook_id, int limit) {
  Collection deliveries(*pool_, kDeliveries);
  mongo::FindOptions options{Ordered{{"created_at", -1}, {"msg_id", -1}}, nullptr, std::clamp(limit, 1, 1000)};
  std::vector<Delivery> found;
  for (const Json& doc : deliveries.find({{"webhook_id", webhook_id}}, options)) found.push_back(delivery_from(doc));
  return found;
}

std::optional<Delivery> MongoWebhookStore::delivery(const std::string& delivery_id) {
  Collection deliveries(*pool_, kDeliveries);
  auto doc = deliveries.find_one({{"msg_id", delivery_id}});
  if (!doc) return std::nullopt;
  return delivery_from(*doc);
}

std::int64_t MongoWebhookStore::trim_deliveries(TimeMs cutoff) {
  Collection deliveries(*pool_, kDeliveries);
  return deliveries.delete_many(
      {{"state", {{"$in", {"succeeded", "failed"}}}}, {"last_attempt_at", {{"$lt", cutoff}}}});
}

TimeMs MongoWebhookStore::feed_cursor(TimeMs initial) {
  Collection feed(*pool_, kFeed);
  feed.insert_one({{"_id", "jobs"}, {"cursor", initial}});  // false when it exists: keep that one
  auto doc = feed.find_one({{"_id", "jobs"}});
  return doc ? doc->value("cursor", initial) : initial;
}

void MongoWebhookStore::set_feed_cursor(TimeMs cursor) {
  // Only forward: two API instances feeding at once never move it back.
  Collection feed(*pool_, kFeed);
  feed.update_one({{"_id", "jobs"}, {"cursor", {{"$lt", cursor}}}}, {{"$set", {{"cursor", cursor}}}});
}

}  // namespace deeptrace
