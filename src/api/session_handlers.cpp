// Browser sign-in: POST /api/v1/session exchanges the API key of the request
// for an HttpOnly, SameSite=Strict session cookie, so the web UI never keeps
// the key and every tab of the browser is signed in; GET says who is signed
// in and hands the CSRF token to a new tab; DELETE signs out.
#include "api/handlers.hpp"
#include "api/session_cookie.hpp"
#include "core/log.hpp"
#include "core/time.hpp"

namespace deeptrace::api {
namespace {

nlohmann::json session_json(const Session& session) {
  return {{"user", {{"name", session.user.name}, {"admin", session.user.admin}}},
          {"key_id", session.key_id},
          {"csrf_token", session.csrf_token},
          {"expires_at", format_rfc3339(session.expires_at)}};
}

}  // namespace

Response handle_create_session(ServerContext& ctx, Exchange& ex) {
  auto key = bearer_token(ex.request()[http::field::authorization]);
  if (!key) throw Error(ErrorCode::INVALID_REQUEST, "sign in with 'Authorization: Bearer <api key>'");
  const auto lifetime_ms = static_cast<TimeMs>(ctx.config.session_hours * 3600 * 1000);
  auto issued = ctx.users.create_session(std::string(*key), now_ms() + lifetime_ms);
  if (!issued) throw Error(ErrorCode::UNAUTHORIZED, "the API key is not valid, revoked or expired");
  log::info("session started", {{"request_id", ex.request_id}, {"user", ex.user->name}, {"key_id", ex.key_id}});
  Response res = json_response(http::status::created, session_json(issued->session));
  res.set(http::field::set_cookie, session_cookie(issued->token, lifetime_ms / 1000, ctx.config.secure_cookies));
  res.set(http::field::cache_control, "no-store");
  return res;
}

Response handle_get_session(ServerContext&, Exchange& ex) {
  if (!ex.session) throw Error(ErrorCode::UNAUTHORIZED, "this request has no session (it used an API key)");
  Response res = json_response(http::status::ok, session_json(*ex.session));
  res.set(http::field::cache_control, "no-store");
  return res;
}

Response handle_delete_session(ServerContext& ctx, Exchange& ex) {
  if (auto token = cookie_value(ex.request()[http::field::cookie], kSessionCookie); token && ex.session) {
    ctx.users.end_session(*token);
    log::info("session ended", {{"request_id", ex.request_id}, {"user", ex.user->name}});
  }
  Response res = empty_response(http::status::no_content);
  res.set(http::field::set_cookie, cleared_session_cookie(ctx.config.secure_cookies));
  return res;
}

}  // namespace deeptrace::api
