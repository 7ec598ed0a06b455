#include "api/dispatch.hpp"

#include <array>

#include "api/handlers.hpp"

namespace deeptrace::api {
namespace {

constexpr std::size_t kMaxSmallBody = 64 * 1024;
// An anchor batch of 1,000 reports with their proofs is about 1.5 MB.
constexpr std::size_t kMaxJsonBody = 4 * 1024 * 1024;

// The credentials of "Authorization: Bearer <key>". The scheme name is
// case-insensitive (RFC 9110 section 11.1) and followed by one or more spaces.
std::optional<std::string_view> bearer_token(std::string_view header) {
  constexpr std::string_view kScheme = "bearer";
  if (header.size() <= kScheme.size() || !beast::iequals(header.substr(0, kScheme.size()), kScheme)) {
    return std::nullopt;
  }
  std::string_view rest = header.substr(kScheme.size());
  std::size_t token = rest.find_first_not_of(' ');
  if (token == 0 || token == std::string_view::npos) return std::nullopt;  // "Bearerx" or no token
  return rest.substr(token);
}

User authenticate(ServerContext& ctx, const Exchange& ex) {
  auto key = bearer_token(ex.request()[http::field::authorization]);
  if (!key) throw Error(ErrorCode::UNAUTHORIZED, "send 'Authorization: Bearer <api key>'");
  std::optional<User> user = ctx.users.authenticate(std::string(*key));
  if (!user) throw Error(ErrorCode::UNAUTHORIZED, "the API key is not valid");
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
// stays usable; JSON routes get theirs parsed into Exchange::body.
awaitable<void> read_route_body(ServerContext& ctx, Exchange& ex, bool takes_json) {
  if (!takes_json) {
    co_await read_small_body(ctx, ex, kMaxSmallBody, "this route takes no request body");
    co_return;
  }
  ex.body = nlohmann::json::parse(co_await read_small_body(ctx, ex, kMaxJsonBody, "the JSON body is larger than 4 MiB"),
                                  nullptr, false);
  if (!ex.body.is_object()) throw Error(ErrorCode::INVALID_REQUEST, "the body must be a JSON object");
}

Response run_anchor_route(ServerContext& ctx, Exchange& ex, RouteId id) {
  switch (id) {
    case RouteId::JobAnchor: return handle_job_anchor(ctx, ex);
    case RouteId::PendingReports: return handle_pending_reports(ctx, ex);
    case RouteId::CreateAnchorBatch: return handle_create_anchor_batch(ctx, ex);
    case RouteId::ListAnchorBatches: return handle_list_anchor_batches(ctx, ex);
    case RouteId::GetAnchorBatch: return handle_get_anchor_batch(ctx, ex);
    case RouteId::AnchorBatchSubmitted: return handle_anchor_batch_submitted(ctx, ex);
    case RouteId::AnchorBatchConfirmed: return handle_anchor_batch_confirmed(ctx, ex);
    default: throw Error(ErrorCode::INTERNAL, "unhandled route");
  }
}

awaitable<Response> run_route(ServerContext& ctx, Exchange& ex, const Route& route) {
  RouteId id = route.id;
  if (id == RouteId::CreateJob) co_return co_await handle_create_job(ctx, ex);
  co_await read_route_body(ctx, ex, route.takes_json);
  switch (id) {
    case RouteId::ListJobs: co_return handle_list_jobs(ctx, ex);
    case RouteId::GetJob: co_return handle_get_job(ctx, ex);
    case RouteId::CancelJob: co_return handle_cancel_job(ctx, ex);
    case RouteId::JobEvents: co_await handle_job_events(ctx, ex); co_return Response{};
    case RouteId::Me: co_return handle_me(ctx, ex);
    case RouteId::JobArtifact: co_return co_await handle_job_artifact(ctx, ex);
    case RouteId::Models: co_return handle_models(ctx, ex);
    case RouteId::OpenApi: co_return handle_openapi(ctx, ex);
    case RouteId::Healthz: co_return handle_healthz(ctx, ex);
    case RouteId::Readyz: co_return handle_readyz(ctx, ex);
    case RouteId::Metrics: co_return handle_metrics(ctx, ex);
    case RouteId::CreateJob: break;
    default: {
      // Anchor routes read and write several documents: off the I/O threads.
      Response res;
      co_await run_blocking(ctx.blocking, [&] { res = run_anchor_route(ctx, ex, id); });
      co_return res;
    }
  }
  throw Error(ErrorCode::INTERNAL, "unhandled route");
}

}  // namespace

awaitable<Response> dispatch(ServerContext& ctx, Exchange& ex, std::string& route_label) {
  std::string method(ex.request().method_string());
  RouteMatch match = match_route(method, ex.target.path);
  if (match.kind == RouteMatch::Kind::MethodNotAllowed) {
    route_label = "method_not_allowed";
    throw Error(ErrorCode::METHOD_NOT_ALLOWED, method + " is not allowed on " + ex.target.path);
  }
  if (match.kind == RouteMatch::Kind::NotFound) {
    route_label = ctx.config.web_dir ? "static" : "unmatched";
    co_await read_route_body(ctx, ex, false);
    co_return serve_static(ctx, ex);
  }
  route_label = std::string(match.route->pattern);
  ex.params = std::move(match.params);
  if (ctx.shutting_down && match.route->id == RouteId::CreateJob) throw Error(ErrorCode::SHUTTING_DOWN);
  if (match.route->needs_auth) ex.user = authenticate(ctx, ex);
  co_return co_await run_route(ctx, ex, *match.route);
}

}  // namespace deeptrace::api
