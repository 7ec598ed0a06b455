#include "api/dispatch.hpp"
#include "api/session_cookie.hpp"

#include <algorithm>
#include <array>
#include <type_traits>
#include <variant>

#include <boost/algorithm/string/join.hpp>

#include "api/handlers.hpp"

namespace deeptrace::api {
namespace {

constexpr std::size_t kMaxSmallBody = 64 * 1024;
// An anchor batch of 1,000 reports with their proofs is about 1.5 MB.
constexpr std::size_t kMaxJsonBody = 4 * 1024 * 1024;

bool is_safe_method(http::verb method) {
  return method == http::verb::get || method == http::verb::head || method == http::verb::options;
}

// A browser's session cookie. State-changing requests must also carry the
// session's CSRF token in a header, which another site cannot read or set
// (defence in depth beside SameSite=Strict).
User authenticate_session(ServerContext& ctx, Exchange& ex, const std::string& token) {
  std::optional<Session> session = ctx.users.authenticate_session(token);
  if (!session) throw Error(ErrorCode::UNAUTHORIZED, "the session has ended; sign in again");
  if (!is_safe_method(ex.request().method())) {
    std::string_view offered = ex.request()[kCsrfHeader];
    if (!constant_time_equal(offered, session->csrf_token))
      throw Error(ErrorCode::FORBIDDEN, "send the session's CSRF token in the X-CSRF-Token header");
  }
  ex.key_id = session->key_id;
  ex.session = std::move(session);
  return ex.session->user;
}

// "Authorization: Bearer <key>" first; without one, a session cookie.
User authenticate(ServerContext& ctx, Exchange& ex) {
  std::string_view authorization = ex.request()[http::field::authorization];
  if (authorization.empty()) {
    if (auto token = cookie_value(ex.request()[http::field::cookie], kSessionCookie))
      return authenticate_session(ctx, ex, *token);
  }
  auto key = bearer_token(authorization);
  if (!key) throw Error(ErrorCode::UNAUTHORIZED, "send 'Authorization: Bearer <api key>'");
  std::optional<User> user = ctx.users.authenticate(std::string(*key));
  if (!user) throw Error(ErrorCode::UNAUTHORIZED, "the API key is not valid, revoked or expired");
  ex.key_id = key_id_of(hash_api_key(std::string(*key)));
  return *user;
}

// The whole (small) body of a request that is not an upload.
awaitable<std::string> read_small_body(ServerContext& ctx, Exchange& ex, std::size_t limit, const char* too_large) {
  std::string text;
  std::array<char, 8192> chunk;
  while (!ex.parser.is_done()) {
    std::size_t n = co_await ex.conn.read_body_some(ex.parser, chunk.data(), chunk.size(), ex.idle_timeout(ctx.config));
    text.append(chunk.data(), n);
    if (text.size() > limit) throw Error(ErrorCode::INVALID_REQUEST, too_large);
  }
  co_return text;
}

// Routes that take no body read and drop a small one, so the connection
// stays usable; JSON routes get theirs parsed into Exchange::body (an empty
// one is an empty object where the body is optional); upload
// routes stream theirs in the handler.
awaitable<void> read_route_body(ServerContext& ctx, Exchange& ex, Body body) {
  if (body == Body::UploadStream) co_return;
  if (body == Body::None) {
    co_await read_small_body(ctx, ex, kMaxSmallBody, "this route takes no request body");
    co_return;
  }
  std::string text = co_await read_small_body(ctx, ex, kMaxJsonBody, "the JSON body is larger than 4 MiB");
  if (body == Body::OptionalJson && text.empty()) {
    ex.body = nlohmann::json::object();
    co_return;
  }
  ex.body = nlohmann::json::parse(text, nullptr, false);
  if (!ex.body.is_object()) throw Error(ErrorCode::INVALID_REQUEST, "the body must be a JSON object");
}

// After the body is read, so a malformed body is refused the same way for
// every caller.
void require_admin(const Exchange& ex) {
  if (!ex.user || !ex.user->admin) throw Error(ErrorCode::FORBIDDEN, "this route needs an admin key");
}

// One way of running per handler kind; a kind added to Handler without one
// fails the static_assert below.
awaitable<Response> run_on_io_thread(ServerContext& ctx, Exchange& ex, HandlerFn run) { co_return run(ctx, ex); }

awaitable<Response> run_on_blocking_pool(ServerContext& ctx, Exchange& ex, HandlerFn run) {
  Response res;
  co_await run_blocking(ctx.blocking, [&] { res = run(ctx, ex); });
  co_return res;
}

awaitable<Response> run_stream(ServerContext& ctx, Exchange& ex, Stream::Fn run) {
  co_await run(ctx, ex);
  co_return Response{};  // not written: the stream wrote its own
}

awaitable<Response> run_handler(ServerContext& ctx, Exchange& ex, const Handler& handler) {
  return std::visit(
      [&](const auto& kind) -> awaitable<Response> {
        using Kind = std::decay_t<decltype(kind)>;
        if constexpr (std::is_same_v<Kind, OnIoThread>) {
          return run_on_io_thread(ctx, ex, kind.run);
        } else if constexpr (std::is_same_v<Kind, OnBlockingPool>) {
          return run_on_blocking_pool(ctx, ex, kind.run);
        } else if constexpr (std::is_same_v<Kind, Coroutine>) {
          return kind.run(ctx, ex);
        } else {
          static_assert(std::is_same_v<Kind, Stream>, "a handler kind the dispatcher cannot run");
          return run_stream(ctx, ex, kind.run);
        }
      },
      handler);
}

awaitable<Response> run_route(ServerContext& ctx, Exchange& ex, const Route& route) {
  if (ctx.shutting_down && route.refused_while_shutting_down) throw Error(ErrorCode::SHUTTING_DOWN);
  if (route.auth != Auth::Public) ex.user = authenticate(ctx, ex);
  co_await read_route_body(ctx, ex, route.body);
  if (route.auth == Auth::Admin) require_admin(ex);
  co_return co_await run_handler(ctx, ex, route.handler);
}

// RFC 9110 section 15.5.6: a 405 names the methods the path does take.
Response method_not_allowed(const Exchange& ex, const std::string& method, std::vector<std::string> allowed) {
  std::sort(allowed.begin(), allowed.end());
  Response res = error_response(Error(ErrorCode::METHOD_NOT_ALLOWED, method + " is not allowed on " + ex.target.path),
                                ex.request_id);
  res.set(http::field::allow, boost::algorithm::join(allowed, ", "));
  return res;
}

}  // namespace

awaitable<Response> dispatch(ServerContext& ctx, Exchange& ex, std::string& route_label) {
  std::string method(ex.request().method_string());
  RouteMatch match = match_route(route_table(), method, ex.target.path);
  if (match.kind == RouteMatch::Kind::MethodNotAllowed) {
    route_label = "method_not_allowed";
    co_return method_not_allowed(ex, method, match.allowed_methods);
  }
  if (match.kind == RouteMatch::Kind::NotFound) {
    route_label = ctx.config.web_dir ? "static" : "unmatched";
    co_await read_route_body(ctx, ex, Body::None);
    co_return serve_static(ctx, ex);
  }
  route_label = std::string(match.route->pattern);
  ex.params = std::move(match.params);
  co_return co_await run_route(ctx, ex, *match.route);
}

}  // namespace deeptrace::api
