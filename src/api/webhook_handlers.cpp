// A user's webhook endpoints (docs/webhooks.md): create, list, read, change,
// delete, rotate the secret, send a test event, read the delivery log. The
// secret is shown when it is made (create, rotate) and never listed.

#include "api/handlers.hpp"
#include "api/json_fields.hpp"
#include "api/webhook_dispatcher.hpp"
#include "api/webhook_operations.hpp"
#include "api/webhook_signature.hpp"
#include "core/log.hpp"
#include "core/random.hpp"
#include "core/time.hpp"

namespace deeptrace::api {
namespace {

constexpr std::size_t kMaxWebhooksPerUser = 20;
constexpr std::size_t kMaxDescription = 256;
constexpr int kDefaultLogSize = 50;

// When the previous secret stops signing, while it still does.
std::optional<TimeMs> previous_secret_expiry(const Webhook& hook) {
  if (signing_secrets(hook, now_ms()).size() < 2) return std::nullopt;
  return hook.previous_secret_until;
}

std::int64_t checked_keep_previous_s(const nlohmann::json& body) {
  auto it = body.find("keep_previous_secret_s");
  if (it == body.end()) return kDefaultKeepPreviousSecretS;
  if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > kMaxKeepPreviousSecretS)
    throw Error(ErrorCode::INVALID_REQUEST, "'keep_previous_secret_s' must be a whole number of seconds from 0 to " +
                                                std::to_string(kMaxKeepPreviousSecretS));
  return it->get<std::int64_t>();
}

nlohmann::json webhook_json(const Webhook& hook) {
  const std::string self = "/api/v1/webhooks/" + hook.id;
  return {{"id", hook.id},
          {"url", hook.url},
          {"events", hook.events},
          {"description", hook.description},
          {"enabled", hook.enabled},
          {"disabled_reason", hook.enabled ? nlohmann::json(nullptr) : nlohmann::json(hook.disabled_reason)},
          {"consecutive_failures", hook.consecutive_failures},
          {"previous_secret_expires_at", optional_time_json(previous_secret_expiry(hook))},
          {"created_at", format_rfc3339(hook.created_at)},
          {"updated_at", format_rfc3339(hook.updated_at)},
          {"links",
           {{"self", self},
            {"deliveries", self + "/deliveries"},
            {"test", self + "/test"},
            {"rotate_secret", self + "/rotate-secret"}}}};
}

nlohmann::json delivery_json(const Delivery& d) {
  const bool waiting = d.state == DeliveryState::Pending && d.next_attempt_at != kParkedDeliveryTime;
  return {{"id", d.id},
          {"event", d.event},
          {"job_id", d.job_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.job_id)},
          {"state", delivery_state_name(d.state)},
          {"attempts", d.attempts},
          {"created_at", format_rfc3339(d.created_at)},
          {"next_attempt_at", waiting ? nlohmann::json(format_rfc3339(d.next_attempt_at)) : nlohmann::json(nullptr)},
          {"last_attempt_at", optional_time_json(d.last_attempt_at)},
          {"response_status", d.response_status ? nlohmann::json(*d.response_status) : nlohmann::json(nullptr)},
          {"last_error", d.last_error.empty() ? nlohmann::json(nullptr) : nlohmann::json(d.last_error)}};
}

std::string checked_url(ServerContext& ctx, const nlohmann::json& value) {
  if (!value.is_string()) throw Error(ErrorCode::INVALID_REQUEST, "'url' must be a string");
  std::string url = value.get<std::string>();
  WebhookAddressPolicy(ctx.config.webhook_allowed_hosts).check_url(parse_webhook_url(url));
  return url;
}

std::vector<std::string> checked_events(const nlohmann::json& value) {
  const auto& known = subscribable_webhook_events();
  if (!value.is_array() || value.empty())
    throw Error(ErrorCode::INVALID_REQUEST, "'events' must be a non-empty array of event names");
  std::vector<std::string> events;
  for (const auto& item : value) {
    if (!item.is_string() || std::find(known.begin(), known.end(), item.get<std::string>()) == known.end())
      throw Error(ErrorCode::INVALID_REQUEST, "'events' may hold job.completed, job.failed and job.cancelled");
    if (std::find(events.begin(), events.end(), item.get<std::string>()) == events.end())
      events.push_back(item.get<std::string>());
  }
  return events;
}

std::string checked_description(const nlohmann::json& value) {
  if (!value.is_string() || value.get<std::string>().size() > kMaxDescription)
    throw Error(ErrorCode::INVALID_REQUEST, "'description' must be a string of at most 256 bytes");
  return value.get<std::string>();
}

Webhook owned_webhook(ServerContext& ctx, Exchange& ex) {
  const std::string& id = ex.params.at("id");
  auto hook = ctx.webhooks.get(id, ex.user->id);
  if (!hook) throw Error(ErrorCode::WEBHOOK_NOT_FOUND, "no webhook endpoint with id " + id);
  return *hook;
}

Response with_secret(http::status status, const Webhook& hook) {
  nlohmann::json body = webhook_json(hook);
  body["secret"] = hook.secret;
  Response res = json_response(status, body);
  res.set(http::field::cache_control, "no-store");
  return res;
}

}  // namespace

Response handle_list_webhooks(ServerContext& ctx, Exchange& ex) {
  nlohmann::json hooks = nlohmann::json::array();
  for (const Webhook& hook : ctx.webhooks.list(ex.user->id)) hooks.push_back(webhook_json(hook));
  return json_response(http::status::ok, {{"webhooks", hooks}});
}

Response handle_create_webhook(ServerContext& ctx, Exchange& ex) {
  refuse_unknown_fields(ex.body, {"url", "events", "description"});
  if (!ex.body.contains("url")) throw Error(ErrorCode::INVALID_REQUEST, "'url' is required");
  Webhook hook;
  hook.url = checked_url(ctx, ex.body["url"]);
  hook.events = ex.body.contains("events") ? checked_events(ex.body["events"]) : subscribable_webhook_events();
  if (ex.body.contains("description")) hook.description = checked_description(ex.body["description"]);
  if (ctx.webhooks.list(ex.user->id).size() >= kMaxWebhooksPerUser)
    throw Error(ErrorCode::INVALID_REQUEST, "at most 20 webhook endpoints per user; delete one first");
  hook.id = "wh_" + random_hex(12);
  hook.owner = ex.user->id;
  hook.secret = new_webhook_secret();
  hook.created_at = hook.updated_at = now_ms();
  ctx.webhooks.create(hook);
  log::info("webhook created", {{"request_id", ex.request_id}, {"user", ex.user->name}, {"webhook_id", hook.id}});
  Response res = with_secret(http::status::created, hook);
  res.set(http::field::location, "/api/v1/webhooks/" + hook.id);
  return res;
}

Response handle_get_webhook(ServerContext& ctx, Exchange& ex) {
  return json_response(http::status::ok, webhook_json(owned_webhook(ctx, ex)));
}

Response handle_update_webhook(ServerContext& ctx, Exchange& ex) {
  refuse_unknown_fields(ex.body, {"url", "events", "description", "enabled"});
  WebhookPatch patch;
  if (ex.body.contains("url")) patch.url = checked_url(ctx, ex.body["url"]);
  if (ex.body.contains("events")) patch.events = checked_events(ex.body["events"]);
  if (ex.body.contains("description")) patch.description = checked_description(ex.body["description"]);
  if (ex.body.contains("enabled")) {
    if (!ex.body["enabled"].is_boolean()) throw Error(ErrorCode::INVALID_REQUEST, "'enabled' must be true or false");
    patch.enabled = ex.body["enabled"].get<bool>();
  }
  auto hook = ctx.webhooks.update(ex.params.at("id"), ex.user->id, patch);
  if (!hook) throw Error(ErrorCode::WEBHOOK_NOT_FOUND, "no webhook endpoint with id " + ex.params.at("id"));
  return json_response(http::status::ok, webhook_json(*hook));
}

Response handle_delete_webhook(ServerContext& ctx, Exchange& ex) {
  const std::string& id = ex.params.at("id");
  if (!ctx.webhooks.remove(id, ex.user->id))
    throw Error(ErrorCode::WEBHOOK_NOT_FOUND, "no webhook endpoint with id " + id);
  log::info("webhook deleted", {{"request_id", ex.request_id}, {"user", ex.user->name}, {"webhook_id", id}});
  return empty_response(http::status::no_content);
}

// The old secret signs beside the new one for keep_previous_secret_s (a
// day unless the body says otherwise), so a receiver can switch to the new
// one without refusing a delivery; 0 stops it at once, for a secret that
// leaked.
Response handle_rotate_webhook_secret(ServerContext& ctx, Exchange& ex) {
  refuse_unknown_fields(ex.body, {"keep_previous_secret_s"});
  const std::int64_t keep_s = checked_keep_previous_s(ex.body);
  auto hook = ctx.webhooks.update(
      ex.params.at("id"), ex.user->id,
      WebhookPatch{.secret = new_webhook_secret(), .previous_secret_until = now_ms() + keep_s * 1000});
  if (!hook) throw Error(ErrorCode::WEBHOOK_NOT_FOUND, "no webhook endpoint with id " + ex.params.at("id"));
  log::info("webhook secret rotated",
            {{"request_id", ex.request_id}, {"webhook_id", hook->id}, {"previous_secret_kept_s", keep_s}});
  return with_secret(http::status::ok, *hook);
}

Response handle_test_webhook(ServerContext& ctx, Exchange& ex) {
  Webhook hook = owned_webhook(ctx, ex);
  if (!hook.enabled)
    throw Error(ErrorCode::INVALID_REQUEST, "the endpoint is disabled (" + hook.disabled_reason + "); enable it first");
  Delivery delivery = new_webhook_delivery(
      hook, kWebhookTestEvent, "",
      webhook_body(kWebhookTestEvent, {{"webhook_id", hook.id}, {"message", "a test event from DeepTrace"}}));
  ctx.webhooks.enqueue(delivery, std::string(kWebhookTestEvent) + ":" + delivery.id);
  auto stored = ctx.webhooks.delivery(delivery.id);
  return json_response(http::status::accepted, delivery_json(stored.value_or(delivery)));
}

Response handle_webhook_deliveries(ServerContext& ctx, Exchange& ex) {
  Webhook hook = owned_webhook(ctx, ex);
  int limit = kDefaultLogSize;
  if (auto it = ex.target.query.find("limit"); it != ex.target.query.end())
    limit = parse_int_field("limit", it->second, 1, 200);
  nlohmann::json log = nlohmann::json::array();
  for (const Delivery& d : ctx.webhooks.deliveries(hook.id, limit)) log.push_back(delivery_json(d));
  return json_response(http::status::ok, {{"deliveries", log}});
}

}  // namespace deeptrace::api
