#pragma once
// Route handlers, each registered by one row of the route table
// (route_table.cpp), which also says how it runs (Handler kind), who may call
// it (Auth: the dispatcher authenticates and checks admin keys before the
// handler runs) and what body it takes. Each returns the response to write
// (or, for the event stream, writes its own and sets Exchange::streamed).
// Expected failures are thrown as deeptrace::Error and turned into the JSON
// error shape by the dispatcher.
#include "api/context.hpp"
#include "api/job_options.hpp"  // parse_int_field, for the routes' query parameters

namespace deeptrace::api {

awaitable<Response> handle_create_job(ServerContext& ctx, Exchange& ex);
Response handle_list_jobs(ServerContext& ctx, Exchange& ex);
Response handle_get_job(ServerContext& ctx, Exchange& ex);
Response handle_cancel_job(ServerContext& ctx, Exchange& ex);
Response handle_delete_job(ServerContext& ctx, Exchange& ex);
Response handle_rerun_job(ServerContext& ctx, Exchange& ex);
Response handle_list_keys(ServerContext& ctx, Exchange& ex);
Response handle_create_key(ServerContext& ctx, Exchange& ex);
Response handle_revoke_key(ServerContext& ctx, Exchange& ex);
// An admin gives a named user a new key (key_handlers.cpp).
Response handle_issue_user_key(ServerContext& ctx, Exchange& ex);
// 429 with Retry-After when one more job of `incoming_bytes` would pass one
// of the caller's quotas (create_job.cpp; uploads and re-runs call it).
void enforce_quotas(ServerContext& ctx, const Exchange& ex, std::int64_t incoming_bytes);
// Quotas and users (user_handlers.cpp): the caller's own usage, and admins
// managing users, their keys and their quotas.
// The user the route's {name} names, or Error(USER_NOT_FOUND).
User named_user(ServerContext& ctx, const Exchange& ex);
Response handle_usage(ServerContext& ctx, Exchange& ex);
Response handle_list_users(ServerContext& ctx, Exchange& ex);
Response handle_create_user(ServerContext& ctx, Exchange& ex);
Response handle_get_user(ServerContext& ctx, Exchange& ex);
Response handle_update_user(ServerContext& ctx, Exchange& ex);
Response handle_revoke_user_keys(ServerContext& ctx, Exchange& ex);
// Browser sessions (session_handlers.cpp).
Response handle_create_session(ServerContext& ctx, Exchange& ex);
Response handle_get_session(ServerContext& ctx, Exchange& ex);
Response handle_delete_session(ServerContext& ctx, Exchange& ex);
// Webhooks (docs/webhooks.md), each the caller's own.
Response handle_list_webhooks(ServerContext& ctx, Exchange& ex);
Response handle_create_webhook(ServerContext& ctx, Exchange& ex);
Response handle_get_webhook(ServerContext& ctx, Exchange& ex);
Response handle_update_webhook(ServerContext& ctx, Exchange& ex);
Response handle_delete_webhook(ServerContext& ctx, Exchange& ex);
Response handle_rotate_webhook_secret(ServerContext& ctx, Exchange& ex);
Response handle_test_webhook(ServerContext& ctx, Exchange& ex);
Response handle_webhook_deliveries(ServerContext& ctx, Exchange& ex);
awaitable<void> handle_job_media(ServerContext& ctx, Exchange& ex);
awaitable<void> handle_job_events(ServerContext& ctx, Exchange& ex);
Response handle_me(ServerContext& ctx, Exchange& ex);
awaitable<Response> handle_job_artifact(ServerContext& ctx, Exchange& ex);
Response handle_models(ServerContext& ctx, Exchange& ex);

// Chain anchoring (docs/anchoring.md §4); all but the first are Auth::Admin rows.
Response handle_job_anchor(ServerContext& ctx, Exchange& ex);
Response handle_pending_reports(ServerContext& ctx, Exchange& ex);
Response handle_create_anchor_batch(ServerContext& ctx, Exchange& ex);
Response handle_list_anchor_batches(ServerContext& ctx, Exchange& ex);
Response handle_get_anchor_batch(ServerContext& ctx, Exchange& ex);
Response handle_anchor_batch_submitted(ServerContext& ctx, Exchange& ex);
Response handle_anchor_batch_confirmed(ServerContext& ctx, Exchange& ex);

// Read-only share links (share_handlers.cpp): the owner's routes, then the
// public ones that take the token instead of a key.
Response handle_create_share(ServerContext& ctx, Exchange& ex);
Response handle_list_shares(ServerContext& ctx, Exchange& ex);
Response handle_revoke_share(ServerContext& ctx, Exchange& ex);
Response handle_shared_report(ServerContext& ctx, Exchange& ex);
awaitable<Response> handle_shared_artifact(ServerContext& ctx, Exchange& ex);

// A job's artifact (a report's artifacts[].name) as its response.
awaitable<Response> artifact_response(ServerContext& ctx, const Job& job, const std::string& name);
// GET /api/v1/jobs/{id}/anchor's body.
nlohmann::json job_anchor_json(const std::string& job_id, const JobAnchor& anchor);

// The caller's job named by the {id} parameter; another owner's job is
// reported exactly like a missing one (JOB_NOT_FOUND).
Job owned_job(ServerContext& ctx, Exchange& ex);
Response handle_openapi(ServerContext& ctx, Exchange& ex);
Response handle_healthz(ServerContext& ctx, Exchange& ex);
Response handle_readyz(ServerContext& ctx, Exchange& ex);
Response handle_metrics(ServerContext& ctx, Exchange& ex);

// Non-API paths when --web-dir is set: the file, or index.html (SPA routing).
Response serve_static(const ServerContext& ctx, const Exchange& ex);

}  // namespace deeptrace::api
