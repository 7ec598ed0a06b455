// Quotas and users: GET /api/v1/usage for the caller, and the admin routes
// under /api/v1/admin/users that list and add users, set their quotas and
// revoke their keys (what deeptrace-admin does on the server's own disk).
#include "api/handlers.hpp"
#include "api/json_fields.hpp"
#include "api/quotas.hpp"
#include "core/log.hpp"
#include "core/time.hpp"

namespace deeptrace::api {
namespace {

nlohmann::json admin_user_json(const Config& config, const User& user) {
  return {{"id", user.id},
          {"name", user.name},
          {"admin", user.admin},
          {"created_at", format_rfc3339(user.created_at)},
          {"quotas", quotas_json(effective_limits(config, user.limits))},
          {"quota_overrides", quota_overrides_json(user.limits)}};
}

nlohmann::json usage_json(JobStore& jobs, const std::string& user_id) {
  const TimeMs now = now_ms();
  return {{"uploads_last_minute", jobs.uploads_since(user_id, now - kMinuteMs).jobs},
          {"bytes_last_24h", jobs.uploads_since(user_id, now - kDayMs).bytes},
          {"active_jobs", jobs.active_jobs(user_id)}};
}

// One override from a PATCH: absent keeps it, null clears it (the default
// applies again), else a whole number >= 0.
void apply_override(const nlohmann::json& fields, Limit limit, std::optional<std::int64_t>& target) {
  auto it = fields.find(std::string(limit_name(limit)));
  if (it == fields.end()) return;
  if (it->is_null()) {
    target.reset();
  } else if (it->is_number_integer() && it->get<std::int64_t>() >= 0) {
    target = it->get<std::int64_t>();
  } else {
    throw Error(ErrorCode::INVALID_REQUEST, "'" + std::string(limit_name(limit)) + "' must be null or a whole number >= 0");
  }
}

UserLimits patched_overrides(const nlohmann::json& body, UserLimits overrides) {
  refuse_unknown_fields(body, {"quota_overrides"});
  auto fields = body.find("quota_overrides");
  if (fields == body.end()) return overrides;
  refuse_unknown_fields(*fields, {"uploads_per_minute", "concurrent_jobs", "bytes_per_day"});
  apply_override(*fields, Limit::UploadsPerMinute, overrides.uploads_per_minute);
  apply_override(*fields, Limit::ConcurrentJobs, overrides.concurrent_jobs);
  apply_override(*fields, Limit::BytesPerDay, overrides.bytes_per_day);
  return overrides;
}

}  // namespace

User named_user(ServerContext& ctx, const Exchange& ex) {
  const std::string& name = ex.params.at("name");
  auto user = ctx.users.find_user(name);
  if (!user) throw Error(ErrorCode::USER_NOT_FOUND, "no user named '" + name + "'");
  return *user;
}

Response handle_usage(ServerContext& ctx, Exchange& ex) {
  return json_response(http::status::ok, {{"quotas", quotas_json(effective_limits(ctx.config, ex.user->limits))},
                                          {"usage", usage_json(ctx.jobs, ex.user->id)}});
}

Response handle_list_users(ServerContext& ctx, Exchange&) {
  nlohmann::json users = nlohmann::json::array();
  for (const User& user : ctx.users.list_users()) users.push_back(admin_user_json(ctx.config, user));
  return json_response(http::status::ok, {{"users", users}});
}

Response handle_create_user(ServerContext& ctx, Exchange& ex) {
  refuse_unknown_fields(ex.body, {"name", "admin"});
  auto name = ex.body.find("name");
  auto admin = ex.body.find("admin");
  if (name == ex.body.end() || !name->is_string()) throw Error(ErrorCode::INVALID_REQUEST, "'name' must be a string");
  if (admin != ex.body.end() && !admin->is_boolean()) throw Error(ErrorCode::INVALID_REQUEST, "'admin' must be true or false");
  IssuedKey issued = ctx.users.add_user(name->get<std::string>(), admin != ex.body.end() && admin->get<bool>());
  log::info("user added", {{"request_id", ex.request_id}, {"by", ex.user->name}, {"user", issued.user.name},
                           {"admin", issued.user.admin}});
  nlohmann::json body = admin_user_json(ctx.config, issued.user);
  body["key"] = issued.key;  // the new user's first key, shown this once
  Response res = json_response(http::status::created, body);
  res.set(http::field::cache_control, "no-store");
  return res;
}

Response handle_get_user(ServerContext& ctx, Exchange& ex) {
  User user = named_user(ctx, ex);
  nlohmann::json body = admin_user_json(ctx.config, user);
  body["usage"] = usage_json(ctx.jobs, user.id);
  return json_response(http::status::ok, body);
}

Response handle_update_user(ServerContext& ctx, Exchange& ex) {
  User user = named_user(ctx, ex);
  user.limits = patched_overrides(ex.body, user.limits);
  if (!ctx.users.set_limits(user.name, user.limits)) throw Error(ErrorCode::USER_NOT_FOUND, "no user named '" + user.name + "'");
  log::info("user quotas set", {{"request_id", ex.request_id}, {"by", ex.user->name}, {"user", user.name},
                                {"quota_overrides", quota_overrides_json(user.limits)}});
  return json_response(http::status::ok, admin_user_json(ctx.config, user));
}

Response handle_revoke_user_keys(ServerContext& ctx, Exchange& ex) {
  User user = named_user(ctx, ex);
  int revoked = ctx.users.revoke_keys(user.name);
  log::info("user keys revoked", {{"request_id", ex.request_id}, {"by", ex.user->name}, {"user", user.name},
                                  {"revoked", revoked}});
  return json_response(http::status::ok, {{"revoked_keys", revoked}});
}

}  // namespace deeptrace::api
