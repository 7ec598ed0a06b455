// Read-only share links to one job's report. The owner creates, lists and
// revokes them; anyone with the token reads the report, its digest and
// anchor, and its artifacts, and nothing else of the owner's: no key, no
// other job, not the upload itself.
#include "api/handlers.hpp"
#include "api/json_fields.hpp"
#include "chain/report_digest.hpp"
#include "core/log.hpp"
#include "core/time.hpp"

namespace deeptrace::api {
namespace {

// Links live at most this long when an expiry is given (none: until revoked).
constexpr TimeMs kMaxShareLifetimeMs = TimeMs{366} * 24 * 3600 * 1000;

nlohmann::json share_json(const ShareLink& link) {
  const bool expired = link.expires_at && *link.expires_at <= now_ms();
  return {{"id", link.id},
          {"job_id", link.job_id},
          {"created_at", format_rfc3339(link.created_at)},
          {"expires_at", optional_time_json(link.expires_at)},
          {"expired", expired}};
}

std::optional<TimeMs> share_expiry(const nlohmann::json& body) {
  refuse_unknown_fields(body, {"expires_at"});
  return parse_expires_at(body, kMaxShareLifetimeMs, "a year");
}

// The job a token opens; SHARE_NOT_FOUND for every reason it opens nothing.
Job shared_job(ServerContext& ctx, Exchange& ex, ShareLink& link) {
  auto found = ctx.shares.resolve(ex.params.at("token"));
  std::optional<Job> job = found ? ctx.jobs.get(found->job_id) : std::nullopt;
  if (!job || job->owner != found->owner || job->status != JobStatus::Completed || !job->result)
    throw Error(ErrorCode::SHARE_NOT_FOUND);
  link = *found;
  ex.job_id = job->id;
  return *job;
}

}  // namespace

Response handle_create_share(ServerContext& ctx, Exchange& ex) {
  Job job = owned_job(ctx, ex);
  if (job.status != JobStatus::Completed)
    throw Error(ErrorCode::INVALID_REQUEST, "only a completed job's report can be shared");
  IssuedShare issued = ctx.shares.create(job.id, ex.user->id, share_expiry(ex.body));
  log::info("share link created", {{"request_id", ex.request_id}, {"job_id", job.id}, {"share_id", issued.link.id}});
  nlohmann::json body = share_json(issued.link);
  body["token"] = issued.token;  // the only time it is shown
  body["url"] = "/shared/" + issued.token;
  body["api_url"] = "/api/v1/shared/" + issued.token;
  Response res = json_response(http::status::created, body);
  res.set(http::field::cache_control, "no-store");
  return res;
}

Response handle_list_shares(ServerContext& ctx, Exchange& ex) {
  Job job = owned_job(ctx, ex);
  nlohmann::json links = nlohmann::json::array();
  for (const ShareLink& link : ctx.shares.list(job.id, ex.user->id)) links.push_back(share_json(link));
  return json_response(http::status::ok, {{"shares", links}});
}

Response handle_revoke_share(ServerContext& ctx, Exchange& ex) {
  Job job = owned_job(ctx, ex);
  const std::string& share_id = ex.params.at("share");
  if (!ctx.shares.revoke(job.id, ex.user->id, share_id))
    throw Error(ErrorCode::SHARE_NOT_FOUND, "no live share link " + share_id + " on this job");
  log::info("share link revoked", {{"request_id", ex.request_id}, {"job_id", job.id}, {"share_id", share_id}});
  return empty_response(http::status::no_content);
}

Response handle_shared_report(ServerContext& ctx, Exchange& ex) {
  ShareLink link;
  Job job = shared_job(ctx, ex, link);
  const std::string base = "/api/v1/shared/" + ex.params.at("token");
  nlohmann::json full = job_to_api_json(job);
  nlohmann::json shown;
  for (const char* field : {"job_id", "status", "created_at", "finished_at", "media", "options", "result"})
    shown[field] = full[field];
  std::optional<JobAnchor> anchor = ctx.anchors.anchor_of(job.id);
  nlohmann::json body = {
      {"shared", true},
      {"share", {{"id", link.id}, {"created_at", format_rfc3339(link.created_at)},
                 {"expires_at", optional_time_json(link.expires_at)}}},
      {"job", shown},
      {"report_digest", chain::to_hex(chain::report_digest(job.media.sha256, *job.result))},
      {"anchor", anchor ? job_anchor_json(job.id, *anchor) : nlohmann::json(nullptr)},
      {"links", {{"self", base}, {"artifacts", base + "/artifacts/"}}}};
  Response res = json_response(http::status::ok, body);
  // The token is the credential: keep the page out of shared caches and referrers.
  res.set(http::field::cache_control, "private, no-store");
  res.set("Referrer-Policy", "no-referrer");
  return res;
}

awaitable<Response> handle_shared_artifact(ServerContext& ctx, Exchange& ex) {
  ShareLink link;
  Job job;
  co_await run_blocking(ctx.blocking, [&] { job = shared_job(ctx, ex, link); });
  Response res = co_await artifact_response(ctx, job, ex.params.at("name"));
  res.set("Referrer-Policy", "no-referrer");
  co_return res;
}

}  // namespace deeptrace::api
