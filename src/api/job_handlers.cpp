// The small JSON routes: list/get/cancel jobs, the caller, health, metrics.
#include "api/handlers.hpp"
#include "api/job_filter.hpp"
#include "api/job_options.hpp"
#include "api/model_catalog.hpp"
#include "api/openapi.hpp"
#include "api/quotas.hpp"
#include "core/log.hpp"
#include "core/time.hpp"

namespace deeptrace::api {
namespace {

constexpr int kDefaultPageSize = 20;
constexpr int kMaxPageSize = 100;
constexpr TimeMs kBeatWindowMs = 24 * 3600 * 1000;

nlohmann::json user_json(const User& user) {
  return {{"id", user.id}, {"name", user.name}, {"admin", user.admin},
          {"created_at", format_rfc3339(user.created_at)}};
}

// What this server accepts in a job, so clients check against the same
// numbers (the web upload form reads them here rather than copying them).
nlohmann::json upload_limits_json(const Config& config) {
  return {{"max_frames", JobOptions::kMaxFrames}, {"default_frames", JobOptions::kDefaultFrames},
          {"max_upload_bytes", config.max_upload_bytes}};
}

std::string quota_metrics(ServerContext& ctx) {
  std::vector<std::pair<std::string, EffectiveLimits>> by_user;
  for (const User& user : ctx.users.list_users()) by_user.emplace_back(user.id, effective_limits(ctx.config, user.limits));
  return Metrics::render_quotas(defaults_of(ctx.config), by_user);
}

}  // namespace

Job owned_job(ServerContext& ctx, Exchange& ex) {
  const std::string& id = ex.params.at("id");
  ex.job_id = id;
  std::optional<Job> job = ctx.jobs.get(id);
  if (!job || job->owner != ex.user->id) throw Error(ErrorCode::JOB_NOT_FOUND, "no job with id " + id);
  return *job;
}

nlohmann::json job_json_with_links(const Job& job) {
  nlohmann::json j = job_to_api_json(job);
  std::string self = "/api/v1/jobs/" + job.id;
  j["links"] = {{"self", self},   {"events", self + "/events"}, {"cancel", self + "/cancel"},
                {"delete", self}, {"rerun", self + "/rerun"}};
  return j;
}

nlohmann::json job_json_for_owner(ServerContext& ctx, const Job& job) {
  nlohmann::json j = job_json_with_links(job);
  if (job.status == JobStatus::Pending) j["queue_position"] = ctx.jobs.jobs_ahead(job);
  return j;
}

Response handle_list_jobs(ServerContext& ctx, Exchange& ex) {
  const auto& q = ex.target.query;
  int limit = kDefaultPageSize;
  if (auto it = q.find("limit"); it != q.end()) limit = parse_int_field("limit", it->second, 1, kMaxPageSize);
  std::optional<std::string> cursor;
  if (auto it = q.find("cursor"); it != q.end() && !it->second.empty()) cursor = it->second;
  JobPage page = ctx.jobs.list(ex.user->id, limit, cursor, parse_job_filter(q));
  nlohmann::json jobs = nlohmann::json::array();
  for (const Job& job : page.jobs) jobs.push_back(job_json_for_owner(ctx, job));
  return json_response(http::status::ok, {{"jobs", jobs},
                                          {"next_cursor", page.next_cursor ? nlohmann::json(*page.next_cursor)
                                                                           : nlohmann::json(nullptr)}});
}

Response handle_get_job(ServerContext& ctx, Exchange& ex) {
  return json_response(http::status::ok, job_json_for_owner(ctx, owned_job(ctx, ex)));
}

Response handle_cancel_job(ServerContext& ctx, Exchange& ex) {
  owned_job(ctx, ex);
  CancelOutcome outcome = ctx.jobs.cancel(ex.job_id, ex.user->id);
  if (outcome == CancelOutcome::NotFound) throw Error(ErrorCode::JOB_NOT_FOUND);
  if (outcome == CancelOutcome::AlreadyFinished) throw Error(ErrorCode::JOB_NOT_CANCELLABLE);
  std::optional<Job> job = ctx.jobs.get(ex.job_id);
  if (!job) throw Error(ErrorCode::JOB_NOT_FOUND);
  log::info("job cancel", {{"request_id", ex.request_id}, {"job_id", ex.job_id},
                           {"outcome", outcome == CancelOutcome::Cancelled ? "cancelled" : "flagged"}});
  // Flagged: a worker holds it and stops at its next heartbeat.
  auto status = outcome == CancelOutcome::Cancelled ? http::status::ok : http::status::accepted;
  return json_response(status, job_json_for_owner(ctx, *job));
}

// The job, then the blobs only it used. Exclusive to uploads (which share
// blob_references from put() until their job exists), so a blob this removes
// cannot have just become some new job's upload.
Response handle_delete_job(ServerContext& ctx, Exchange& ex) {
  ex.job_id = ex.params.at("id");
  std::unique_lock references(ctx.blob_references);
  DeleteResult deleted = ctx.jobs.remove(ex.job_id, ex.user->id);
  if (deleted.outcome == DeleteOutcome::NotFound) throw Error(ErrorCode::JOB_NOT_FOUND, "no job with id " + ex.job_id);
  if (deleted.outcome == DeleteOutcome::StillRunning) throw Error(ErrorCode::JOB_STILL_RUNNING);
  for (const std::string& sha256 : deleted.orphaned) ctx.media.remove(sha256);
  ctx.shares.remove_for_job(ex.job_id);  // its share links open nothing now
  log::info("job deleted", {{"request_id", ex.request_id}, {"job_id", ex.job_id},
                            {"blobs_removed", deleted.orphaned.size()}});
  return empty_response(http::status::no_content);
}

// A finished job analysed again from the upload it already stored, with the
// options the body changes and the rest as the original had them.
Response handle_rerun_job(ServerContext& ctx, Exchange& ex) {
  Job original = owned_job(ctx, ex);
  if (!is_terminal(original.status))
    throw Error(ErrorCode::JOB_STILL_RUNNING, "the job is queued or running; wait for its end or cancel it first");
  NewJob job;
  job.owner = original.owner;
  job.priority = original.priority;
  job.media = original.media;
  job.options = original.options;
  apply_json_options(ex.body, job.options, job.priority);
  require_available_detectors(ctx.models, job.options.detectors);
  CreateResult created;
  {
    std::shared_lock references(ctx.blob_references);  // as an upload: no delete removes the blob meanwhile
    if (!ctx.media.contains(job.media.sha256)) throw Error(ErrorCode::MEDIA_MISSING);
    enforce_quotas(ctx, ex, job.media.size);  // a re-run is analysed like a new upload
    created = ctx.jobs.create(job);
  }
  log::info("job rerun", {{"request_id", ex.request_id}, {"job_id", created.job.id}, {"rerun_of", original.id}});
  Response res = json_response(http::status::accepted, job_json_for_owner(ctx, created.job));
  res.set(http::field::location, "/api/v1/jobs/" + created.job.id);
  return res;
}

Response handle_me(ServerContext& ctx, Exchange& ex) {
  nlohmann::json body = user_json(*ex.user);
  body["limits"] = upload_limits_json(ctx.config);
  body["quotas"] = quotas_json(effective_limits(ctx.config, ex.user->limits));
  // What this server offers besides analysis, so clients neither show nor
  // ask for what is off (GET /api/v1/jobs/{id}/anchor is 404 without it).
  body["features"] = {{"anchoring", ctx.config.anchoring}};
  return json_response(http::status::ok, body);
}

Response handle_openapi(ServerContext&, Exchange&) {
  static const nlohmann::json document = openapi_document(route_table());
  return json_response(http::status::ok, document);
}

Response handle_healthz(ServerContext&, Exchange&) {
  return json_response(http::status::ok, {{"status", "ok"}, {"version", DEEPTRACE_VERSION}});
}

// Degraded storage answers the error shape of INSUFFICIENT_STORAGE with
// every reason, so a load balancer sends uploads elsewhere meanwhile.
Response handle_readyz(ServerContext& ctx, Exchange& ex) {
  if (ctx.shutting_down) throw Error(ErrorCode::SHUTTING_DOWN);
  ctx.jobs.ping();
  StorageStatus storage = ctx.storage.check();
  if (!storage.degraded) return json_response(http::status::ok, {{"status", "ready"}});
  std::string summary;
  for (const std::string& reason : storage.reasons) summary += (summary.empty() ? "" : "; ") + reason;
  nlohmann::json body = error_body(ErrorCode::INSUFFICIENT_STORAGE, summary, ex.request_id);
  body["status"] = "degraded";
  body["reasons"] = storage.reasons;
  Response res = json_response(static_cast<http::status>(http_status(ErrorCode::INSUFFICIENT_STORAGE)), body);
  res.set(http::field::retry_after, std::to_string(ctx.config.storage_check_interval_s));
  return res;
}

Response handle_metrics(ServerContext& ctx, Exchange&) {
  TimeMs now = now_ms();
  std::string body;
  try {
    body = ctx.metrics.render(ctx.jobs.stats(), ctx.jobs.worker_beats(now - kBeatWindowMs), now);
    body += quota_metrics(ctx);
    body += "# TYPE deeptrace_store_up gauge\ndeeptrace_store_up 1\n";
  } catch (const std::exception& e) {
    // Still expose HTTP metrics so an outage is visible, not a scrape error.
    log::warn("metrics: store query failed", {{"error", e.what()}});
    body = ctx.metrics.render_http() + "# TYPE deeptrace_store_up gauge\ndeeptrace_store_up 0\n";
  }
  body += Metrics::render_storage(ctx.storage.check());
  return text_response(http::status::ok, std::move(body), "text/plain; version=0.0.4; charset=utf-8");
}

}  // namespace deeptrace::api
