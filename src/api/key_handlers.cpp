// A user's own API keys: GET, POST and DELETE /api/v1/keys; and a key an
// admin issues to a user (POST /api/v1/admin/users/{name}/keys), e.g. after
// revoking theirs. The secret is shown once, in the answer to POST; the
// store keeps its SHA-256 only.
#include "api/handlers.hpp"
#include "api/json_fields.hpp"
#include "core/log.hpp"
#include "core/time.hpp"

namespace deeptrace::api {
namespace {

// Keys live at most this long when an expiry is given (none: until revoked).
constexpr TimeMs kMaxKeyLifetimeMs = TimeMs{5} * 366 * 24 * 3600 * 1000;

nlohmann::json key_json(const ApiKey& key, const std::string& current_key_id) {
  return {{"id", key.id},
          {"name", key.name},
          {"created_at", format_rfc3339(key.created_at)},
          {"expires_at", optional_time_json(key.expires_at)},
          {"last_used_at", optional_time_json(key.last_used_at)},
          {"current", key.id == current_key_id}};
}

std::string key_name(const nlohmann::json& body) {
  auto it = body.find("name");
  if (it == body.end() || !it->is_string()) throw Error(ErrorCode::INVALID_REQUEST, "'name' must be a string");
  return it->get<std::string>();  // validate_key_name (in the store) checks its characters
}

std::optional<TimeMs> key_expiry(const nlohmann::json& body) {
  return parse_expires_at(body, kMaxKeyLifetimeMs, "5 years");
}

Response issued_key_response(const IssuedKey& issued, const std::string& current_key_id) {
  nlohmann::json body = key_json(issued.info, current_key_id);
  body["key"] = issued.key;  // the only time the secret is shown
  Response res = json_response(http::status::created, body);
  res.set(http::field::cache_control, "no-store");
  return res;
}

}  // namespace

Response handle_list_keys(ServerContext& ctx, Exchange& ex) {
  nlohmann::json keys = nlohmann::json::array();
  for (const ApiKey& key : ctx.users.list_keys(ex.user->id)) keys.push_back(key_json(key, ex.key_id));
  return json_response(http::status::ok, {{"keys", keys}});
}

Response handle_create_key(ServerContext& ctx, Exchange& ex) {
  refuse_unknown_fields(ex.body, {"name", "expires_at"});
  IssuedKey issued = ctx.users.create_key(*ex.user, key_name(ex.body), key_expiry(ex.body));
  log::info("api key created", {{"request_id", ex.request_id}, {"user", ex.user->name}, {"key_id", issued.info.id}});
  return issued_key_response(issued, ex.key_id);
}

// The name says who issued it unless the admin gives one; the user sees it
// in their own key list.
Response handle_issue_user_key(ServerContext& ctx, Exchange& ex) {
  refuse_unknown_fields(ex.body, {"name", "expires_at"});
  User user = named_user(ctx, ex);
  const std::string name =
      ex.body.contains("name") ? key_name(ex.body) : ("issued by " + ex.user->name).substr(0, kMaxNameLength);
  IssuedKey issued = ctx.users.create_key(user, name, key_expiry(ex.body));
  log::info("api key issued", {{"request_id", ex.request_id}, {"by", ex.user->name}, {"user", user.name},
                               {"key_id", issued.info.id}});
  return issued_key_response(issued, ex.key_id);
}

Response handle_revoke_key(ServerContext& ctx, Exchange& ex) {
  const std::string& id = ex.params.at("id");
  if (!ctx.users.revoke_key(ex.user->id, id)) throw Error(ErrorCode::KEY_NOT_FOUND, "no live key with id " + id);
  log::info("api key revoked", {{"request_id", ex.request_id}, {"user", ex.user->name}, {"key_id", id},
                                {"own_key", id == ex.key_id}});
  return empty_response(http::status::no_content);
}

}  // namespace deeptrace::api
