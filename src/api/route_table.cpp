// The route table: every route the server answers, one row each, with its
// OpenAPI operation: written above, or in its area's file for the larger
// areas (account_, user_ and webhook_operations.cpp). Adding a route is one
// row here plus its handler (declared in handlers.hpp); DEVELOPERS.md, "Add a
// route". Security and 401/403 responses come from the row's Auth, a JSON
// requestBody from Body::Json, so operations hold only what is their own.
#include "api/account_operations.hpp"
#include "api/handlers.hpp"
#include "api/job_filter.hpp"
#include "api/openapi.hpp"
#include "api/user_operations.hpp"
#include "api/webhook_operations.hpp"
#include "report/report.hpp"

namespace deeptrace::api {
namespace {

using nlohmann::json;
using oas::kInteger;
using oas::kString;

const json kBinary = {{"type", "string"}, {"format", "binary"}};

json job_id() { return oas::id_parameter("job id"); }
json batch_id() { return oas::id_parameter("anchor batch id"); }

// --- jobs -------------------------------------------------------------------

json create_job_operation() {
  json form = {{"type", "object"},
               {"required", {"file"}},
               {"properties",
                {{"file", kBinary},
                 {"frames", {{"type", "integer"}, {"minimum", 1}, {"maximum", JobOptions::kMaxFrames}}},
                 {"detectors", {{"type", "string"}, {"description", "comma-separated detector names"}}},
                 {"priority", kInteger}}}};
  json binary = {{"schema", kBinary}};
  return {{"summary", "Upload a video, an image or an audio file and create an analysis job"},
          {"parameters",
           {{{"name", "Idempotency-Key"}, {"in", "header"}, {"schema", kString}},
            {{"name", "X-Filename"}, {"in", "header"}, {"schema", kString}},
            oas::query_parameter("frames", kInteger),
            oas::query_parameter("detectors", kString),
            oas::query_parameter("priority", kInteger)}},
          {"requestBody",
           {{"required", true},
            {"content",
             {{"multipart/form-data", {{"schema", form}}}, {"video/*", binary}, {"audio/*", binary},
              {"application/octet-stream", binary}}}}},
          {"responses",
           {{"202", oas::job_response("job created")},
            {"200", oas::job_response("an existing job for this Idempotency-Key")},
            {"400", oas::error_response("EMPTY_BODY, INCOMPLETE_BODY, MALFORMED_MULTIPART, MISSING_FILE, "
                                        "INVALID_REQUEST (also an unknown detector, or one whose weights are not "
                                        "installed)")},
            {"408", oas::error_response("REQUEST_TIMEOUT")},
            {"413", oas::error_response("MEDIA_TOO_LARGE")},
            {"415", oas::error_response("UNSUPPORTED_MEDIA")},
            {"422", oas::error_response("NO_VIDEO_STREAM (neither video nor audio), CORRUPT_MEDIA, MEDIA_TOO_LONG, "
                                        "RESOLUTION_TOO_HIGH")},
            {"429", oas::error_response("RATE_LIMITED, TOO_MANY_ACTIVE_JOBS, QUOTA_EXCEEDED: a quota of the caller's "
                                        "(GET /api/v1/usage); Retry-After gives the seconds until a retry can pass")},
            {"431", oas::error_response("HEADERS_TOO_LARGE")},
            {"503", oas::error_response("STORE_UNAVAILABLE, SHUTTING_DOWN")},
            {"507", oas::error_response("INSUFFICIENT_STORAGE (retry later)")}}}};
}

json list_jobs_operation() {
  json date_time = {{"type", "string"}, {"description", "RFC 3339 time, or a date (midnight UTC)"}};
  json statuses = json::array(), verdicts = json::array();
  for (JobStatus status : all_statuses()) statuses.push_back(status_name(status));
  for (report::Verdict verdict : report::all_verdicts()) verdicts.push_back(report::verdict_name(verdict));
  return {{"summary", "List the caller's jobs, newest first; filters combine (all must match)"},
          {"parameters",
           {oas::query_parameter("limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 100}}),
            oas::query_parameter("cursor", kString),
            oas::query_parameter("q", {{"type", "string"}, {"maxLength", kMaxSearchLength},
                                       {"description", "part of the file name, any case"}}),
            oas::query_parameter("status", {{"type", "string"}, {"enum", statuses}}),
            oas::query_parameter("verdict", {{"type", "string"}, {"enum", verdicts},
                                             {"description", "the report's verdict; jobs without a report never match"}}),
            oas::query_parameter("created_after", date_time),
            oas::query_parameter("created_before", date_time),
            oas::query_parameter("order", {{"type", "string"}, {"enum", {"newest", "oldest"}}, {"default", "newest"}})}},
          {"responses",
           {{"200", oas::json_response("a page of jobs", oas::ref("JobPage"))},
            {"400", oas::error_response("INVALID_CURSOR, INVALID_REQUEST")}}}};
}

json get_job_operation() {
  return {{"summary", "Get one job"},
          {"parameters", {job_id()}},
          {"responses", {{"200", oas::job_response("the job")}, {"404", oas::error_response("JOB_NOT_FOUND")}}}};
}

json cancel_job_operation() {
  return {{"summary", "Cancel a job (PENDING: at once; PROCESSING: the worker stops)"},
          {"parameters", {job_id()}},
          {"responses",
           {{"200", oas::job_response("cancelled")},
            {"202", oas::job_response("cancellation requested; the worker will stop")},
            {"404", oas::error_response("JOB_NOT_FOUND")},
            {"409", oas::error_response("JOB_NOT_CANCELLABLE")}}}};
}

json delete_job_operation() {
  return {{"summary", "Delete a finished job with its upload and artifacts (those no other job uses)"},
          {"parameters", {job_id()}},
          {"responses",
           {{"204", {{"description", "deleted"}}},
            {"404", oas::error_response("JOB_NOT_FOUND")},
            {"409", oas::error_response("JOB_STILL_RUNNING: cancel it first")}}}};
}

json rerun_job_operation() {
  json body = {{"type", "object"},
               {"additionalProperties", false},
               {"properties",
                {{"frames", {{"type", "integer"}, {"minimum", 1}, {"maximum", JobOptions::kMaxFrames}}},
                 {"detectors", {{"type", "array"}, {"items", kString}}},
                 {"priority", {{"type", "integer"}, {"minimum", -100}, {"maximum", 100}}}}}};
  return {{"summary", "Analyse a finished job's upload again; options the body omits stay as they were"},
          {"parameters", {job_id()}},
          {"requestBody", {{"required", true}, {"content", {{"application/json", {{"schema", body}}}}}}},
          {"responses",
           {{"202", oas::job_response("the new job")},
            {"400", oas::error_response("INVALID_REQUEST")},
            {"404", oas::error_response("JOB_NOT_FOUND")},
            {"409", oas::error_response("JOB_STILL_RUNNING")},
            {"429", oas::error_response("RATE_LIMITED, TOO_MANY_ACTIVE_JOBS, QUOTA_EXCEEDED: as an upload")},
            {"500", oas::error_response("MEDIA_MISSING")}}}};
}

json job_media_operation() {
  json bytes = {{"*/*", {{"schema", {{"type", "string"}, {"format", "binary"}}}}}};
  return {{"summary", "The uploaded file itself, with byte ranges (Range: bytes=...) for seeking"},
          {"parameters", {job_id(), {{"name", "Range"}, {"in", "header"}, {"required", false}, {"schema", kString}}}},
          {"responses",
           {{"200", {{"description", "the whole file, as uploaded"}, {"content", bytes}}},
            {"206", {{"description", "the requested range (Content-Range)"}, {"content", bytes}}},
            {"404", oas::error_response("JOB_NOT_FOUND")},
            {"416", oas::error_response("RANGE_NOT_SATISFIABLE")},
            {"500", oas::error_response("MEDIA_MISSING")}}}};
}

json job_events_operation() {
  json stream = {{"text/event-stream", {{"schema", kString}}}};
  return {{"summary", "Server-Sent Events: the current state, then each status or progress change"},
          {"parameters", {job_id()}},
          {"responses",
           {{"200",
             {{"description", "event: status|progress, data: the Job JSON; ends after a terminal state"},
              {"content", stream}}},
            {"404", oas::error_response("JOB_NOT_FOUND")}}}};
}

json job_artifact_operation() {
  json name = oas::path_parameter("name", "artifact name from the report's artifacts[] (track-N.jpg, track-N-saliency.jpg, timeline.json)");
  json content = {{"image/jpeg", {{"schema", kBinary}}}, {"application/json", {{"schema", {{"type", "object"}}}}}};
  return {{"summary", "A job's evidence file: a face track thumbnail or the per-frame timeline"},
          {"parameters", {job_id(), name}},
          {"responses",
           {{"200", {{"description", "the file"}, {"content", content}}},
            {"404", oas::error_response("JOB_NOT_FOUND, ARTIFACT_NOT_FOUND")}}}};
}

json models_operation() {
  return {{"summary", "Detectors and face detectors with availability and model cards, and the ensemble config"},
          {"responses", {{"200", oas::object_response("the model catalogue")}}}};
}

json me_operation() {
  return {{"summary", "The caller's user"}, {"responses", {{"200", oas::json_response("the user", oas::ref("User"))}}}};
}

// --- chain anchoring (docs/anchoring.md §4) -----------------------------------

json job_anchor_operation() {
  return {{"summary", "The job's anchor: digest, Merkle proof, root and transaction"},
          {"parameters", {job_id()}},
          {"responses",
           {{"200", oas::object_response("the job anchor")}, {"404", oas::error_response("JOB_NOT_FOUND, NOT_ANCHORED")}}}};
}

json pending_reports_operation() {
  return {{"summary", "Completed reports in no anchor batch, with their digests"},
          {"responses", {{"200", oas::object_response("reports")}, {"400", oas::error_response("INVALID_REQUEST")}}}};
}

json create_anchor_batch_operation() {
  return {{"summary", "Reserve reports for a Merkle batch (digests and proofs are checked)"},
          {"responses",
           {{"201", oas::object_response("the prepared batch")},
            {"400", oas::error_response("INVALID_REQUEST, ANCHOR_PROOF_INVALID")},
            {"404", oas::error_response("JOB_NOT_FOUND")},
            {"409", oas::error_response("ANCHOR_CONFLICT")}}}};
}

json list_anchor_batches_operation() {
  return {{"summary", "Anchor batches in a state"},
          {"responses", {{"200", oas::object_response("batches")}, {"400", oas::error_response("INVALID_REQUEST")}}}};
}

json get_anchor_batch_operation() {
  return {{"summary", "One anchor batch with its entries"},
          {"parameters", {batch_id()}},
          {"responses",
           {{"200", oas::object_response("the batch")}, {"404", oas::error_response("ANCHOR_BATCH_NOT_FOUND")}}}};
}

// The two state changes a batch goes through after it is prepared.
json batch_update_operation(const std::string& summary) {
  return {{"summary", summary},
          {"parameters", {batch_id()}},
          {"responses",
           {{"200", oas::object_response("the batch")},
            {"400", oas::error_response("INVALID_REQUEST")},
            {"404", oas::error_response("ANCHOR_BATCH_NOT_FOUND")},
            {"409", oas::error_response("ANCHOR_CONFLICT")}}}};
}

json anchor_batch_submitted_operation() { return batch_update_operation("Record the batch's transaction hash"); }
json anchor_batch_confirmed_operation() { return batch_update_operation("Record the block that mined the batch"); }

// --- service ------------------------------------------------------------------

json plain_operation(const std::string& summary, const std::string& content_type) {
  return {{"summary", summary},
          {"responses",
           {{"200", {{"description", "OK"}, {"content", {{content_type, {{"schema", {{"type", "object"}}}}}}}}}}}};
}

json openapi_operation() { return plain_operation("This document", "application/json"); }
json healthz_operation() { return plain_operation("Liveness: 200 while the process runs", "application/json"); }
json metrics_operation() { return plain_operation("Prometheus metrics", "text/plain"); }

json readyz_operation() {
  json op = plain_operation("Readiness: the job store answers and the disk has room", "application/json");
  op["responses"]["503"] = oas::error_response("STORE_UNAVAILABLE, SHUTTING_DOWN");
  op["responses"]["507"] = oas::error_response("INSUFFICIENT_STORAGE: degraded, with status and reasons");
  return op;
}

// Matched in order; the first row whose pattern and method fit wins.
const Route kRoutes[] = {
    {.method = "POST", .pattern = "/api/v1/jobs", .auth = Auth::User, .body = Body::UploadStream,
     .handler = Coroutine(handle_create_job), .operation = Operation(create_job_operation),
     .refused_while_shutting_down = true},
    {.method = "GET", .pattern = "/api/v1/jobs", .auth = Auth::User, .body = Body::None,
     .handler = OnIoThread(handle_list_jobs), .operation = Operation(list_jobs_operation)},
    {.method = "GET", .pattern = "/api/v1/jobs/{id}", .auth = Auth::User, .body = Body::None,
     .handler = OnIoThread(handle_get_job), .operation = Operation(get_job_operation)},
    {.method = "POST", .pattern = "/api/v1/jobs/{id}/cancel", .auth = Auth::User, .body = Body::None,
     .handler = OnIoThread(handle_cancel_job), .operation = Operation(cancel_job_operation)},
    {.method = "DELETE", .pattern = "/api/v1/jobs/{id}", .auth = Auth::User, .body = Body::None,
     .handler = OnBlockingPool(handle_delete_job), .operation = Operation(delete_job_operation)},
    {.method = "POST", .pattern = "/api/v1/jobs/{id}/rerun", .auth = Auth::User, .body = Body::Json,
     .handler = OnBlockingPool(handle_rerun_job), .operation = Operation(rerun_job_operation),
     .refused_while_shutting_down = true},
    {.method = "GET", .pattern = "/api/v1/jobs/{id}/events", .auth = Auth::User, .body = Body::None,
     .handler = Stream(handle_job_events), .operation = Operation(job_events_operation)},
    {.method = "GET", .pattern = "/api/v1/jobs/{id}/media", .auth = Auth::User, .body = Body::None,
     .handler = Stream(handle_job_media), .operation = Operation(job_media_operation)},
    {.method = "GET", .pattern = "/api/v1/jobs/{id}/artifacts/{name}", .auth = Auth::User, .body = Body::None,
     .handler = Coroutine(handle_job_artifact), .operation = Operation(job_artifact_operation)},
    {.method = "POST", .pattern = "/api/v1/jobs/{id}/shares", .auth = Auth::User, .body = Body::Json,
     .handler = OnBlockingPool(handle_create_share), .operation = Operation(create_share_operation)},
    {.method = "GET", .pattern = "/api/v1/jobs/{id}/shares", .auth = Auth::User, .body = Body::None,
     .handler = OnBlockingPool(handle_list_shares), .operation = Operation(list_shares_operation)},
    {.method = "DELETE", .pattern = "/api/v1/jobs/{id}/shares/{share}", .auth = Auth::User, .body = Body::None,
     .handler = OnBlockingPool(handle_revoke_share), .operation = Operation(revoke_share_operation)},
    // The token is the credential: no key, no session.
    {.method = "GET", .pattern = "/api/v1/shared/{token}", .auth = Auth::Public, .body = Body::None,
     .handler = OnBlockingPool(handle_shared_report), .operation = Operation(shared_report_operation)},
    {.method = "GET", .pattern = "/api/v1/shared/{token}/artifacts/{name}", .auth = Auth::Public, .body = Body::None,
     .handler = Coroutine(handle_shared_artifact), .operation = Operation(shared_artifact_operation)},
    {.method = "GET", .pattern = "/api/v1/models", .auth = Auth::User, .body = Body::None,
     .handler = OnIoThread(handle_models), .operation = Operation(models_operation)},
    // Anchor routes read and write several documents: off the I/O threads.
    {.method = "GET", .pattern = "/api/v1/jobs/{id}/anchor", .auth = Auth::User, .body = Body::None,
     .handler = OnBlockingPool(handle_job_anchor), .operation = Operation(job_anchor_operation)},
    {.method = "GET", .pattern = "/api/v1/admin/anchor/pending", .auth = Auth::Admin, .body = Body::None,
     .handler = OnBlockingPool(handle_pending_reports), .operation = Operation(pending_reports_operation)},
    {.method = "POST", .pattern = "/api/v1/admin/anchor/batches", .auth = Auth::Admin, .body = Body::Json,
     .handler = OnBlockingPool(handle_create_anchor_batch), .operation = Operation(create_anchor_batch_operation)},
    {.method = "GET", .pattern = "/api/v1/admin/anchor/batches", .auth = Auth::Admin, .body = Body::None,
     .handler = OnBlockingPool(handle_list_anchor_batches), .operation = Operation(list_anchor_batches_operation)},
    {.method = "GET", .pattern = "/api/v1/admin/anchor/batches/{id}", .auth = Auth::Admin, .body = Body::None,
     .handler = OnBlockingPool(handle_get_anchor_batch), .operation = Operation(get_anchor_batch_operation)},
    {.method = "POST", .pattern = "/api/v1/admin/anchor/batches/{id}/submitted", .auth = Auth::Admin,
     .body = Body::Json, .handler = OnBlockingPool(handle_anchor_batch_submitted),
     .operation = Operation(anchor_batch_submitted_operation)},
    {.method = "POST", .pattern = "/api/v1/admin/anchor/batches/{id}/confirmed", .auth = Auth::Admin,
     .body = Body::Json, .handler = OnBlockingPool(handle_anchor_batch_confirmed),
     .operation = Operation(anchor_batch_confirmed_operation)},
    {.method = "GET", .pattern = "/api/v1/keys", .auth = Auth::User, .body = Body::None,
     .handler = OnBlockingPool(handle_list_keys), .operation = Operation(list_keys_operation)},
    {.method = "POST", .pattern = "/api/v1/keys", .auth = Auth::User, .body = Body::Json,
     .handler = OnBlockingPool(handle_create_key), .operation = Operation(create_key_operation)},
    {.method = "DELETE", .pattern = "/api/v1/keys/{id}", .auth = Auth::User, .body = Body::None,
     .handler = OnBlockingPool(handle_revoke_key), .operation = Operation(revoke_key_operation)},
    {.method = "GET", .pattern = "/api/v1/usage", .auth = Auth::User, .body = Body::None,
     .handler = OnBlockingPool(handle_usage), .operation = Operation(usage_operation)},
    {.method = "GET", .pattern = "/api/v1/admin/users", .auth = Auth::Admin, .body = Body::None,
     .handler = OnBlockingPool(handle_list_users), .operation = Operation(list_users_operation)},
    {.method = "POST", .pattern = "/api/v1/admin/users", .auth = Auth::Admin, .body = Body::Json,
     .handler = OnBlockingPool(handle_create_user), .operation = Operation(create_user_operation)},
    {.method = "GET", .pattern = "/api/v1/admin/users/{name}", .auth = Auth::Admin, .body = Body::None,
     .handler = OnBlockingPool(handle_get_user), .operation = Operation(get_user_operation)},
    {.method = "PATCH", .pattern = "/api/v1/admin/users/{name}", .auth = Auth::Admin, .body = Body::Json,
     .handler = OnBlockingPool(handle_update_user), .operation = Operation(update_user_operation)},
    {.method = "POST", .pattern = "/api/v1/admin/users/{name}/revoke-keys", .auth = Auth::Admin, .body = Body::None,
     .handler = OnBlockingPool(handle_revoke_user_keys), .operation = Operation(revoke_user_keys_operation)},
    {.method = "POST", .pattern = "/api/v1/admin/users/{name}/keys", .auth = Auth::Admin, .body = Body::OptionalJson,
     .handler = OnBlockingPool(handle_issue_user_key), .operation = Operation(issue_user_key_operation)},
    {.method = "POST", .pattern = "/api/v1/session", .auth = Auth::User, .body = Body::None,
     .handler = OnBlockingPool(handle_create_session), .operation = Operation(create_session_operation)},
    {.method = "GET", .pattern = "/api/v1/session", .auth = Auth::User, .body = Body::None,
     .handler = OnIoThread(handle_get_session), .operation = Operation(get_session_operation)},
    {.method = "DELETE", .pattern = "/api/v1/session", .auth = Auth::User, .body = Body::None,
     .handler = OnBlockingPool(handle_delete_session), .operation = Operation(delete_session_operation)},
    // Webhook routes read and write the store: off the I/O threads.
    {.method = "GET", .pattern = "/api/v1/webhooks", .auth = Auth::User, .body = Body::None,
     .handler = OnBlockingPool(handle_list_webhooks), .operation = Operation(list_webhooks_operation)},
    {.method = "POST", .pattern = "/api/v1/webhooks", .auth = Auth::User, .body = Body::Json,
     .handler = OnBlockingPool(handle_create_webhook), .operation = Operation(create_webhook_operation)},
    {.method = "GET", .pattern = "/api/v1/webhooks/{id}", .auth = Auth::User, .body = Body::None,
     .handler = OnBlockingPool(handle_get_webhook), .operation = Operation(get_webhook_operation)},
    {.method = "PATCH", .pattern = "/api/v1/webhooks/{id}", .auth = Auth::User, .body = Body::Json,
     .handler = OnBlockingPool(handle_update_webhook), .operation = Operation(update_webhook_operation)},
    {.method = "DELETE", .pattern = "/api/v1/webhooks/{id}", .auth = Auth::User, .body = Body::None,
     .handler = OnBlockingPool(handle_delete_webhook), .operation = Operation(delete_webhook_operation)},
    {.method = "POST", .pattern = "/api/v1/webhooks/{id}/rotate-secret", .auth = Auth::User, .body = Body::OptionalJson,
     .handler = OnBlockingPool(handle_rotate_webhook_secret), .operation = Operation(rotate_webhook_secret_operation)},
    {.method = "POST", .pattern = "/api/v1/webhooks/{id}/test", .auth = Auth::User, .body = Body::None,
     .handler = OnBlockingPool(handle_test_webhook), .operation = Operation(test_webhook_operation)},
    {.method = "GET", .pattern = "/api/v1/webhooks/{id}/deliveries", .auth = Auth::User, .body = Body::None,
     .handler = OnBlockingPool(handle_webhook_deliveries), .operation = Operation(webhook_deliveries_operation)},
    {.method = "GET", .pattern = "/api/v1/me", .auth = Auth::User, .body = Body::None,
     .handler = OnIoThread(handle_me), .operation = Operation(me_operation)},
    {.method = "GET", .pattern = "/api/v1/openapi.json", .auth = Auth::Public, .body = Body::None,
     .handler = OnIoThread(handle_openapi), .operation = Operation(openapi_operation)},
    {.method = "GET", .pattern = "/healthz", .auth = Auth::Public, .body = Body::None,
     .handler = OnIoThread(handle_healthz), .operation = Operation(healthz_operation)},
    {.method = "GET", .pattern = "/readyz", .auth = Auth::Public, .body = Body::None,
     .handler = OnIoThread(handle_readyz), .operation = Operation(readyz_operation)},
    {.method = "GET", .pattern = "/metrics", .auth = Auth::Public, .body = Body::None,
     .handler = OnBlockingPool(handle_metrics), .operation = Operation(metrics_operation)},
};

}  // namespace

std::span<const Route> route_table() { return kRoutes; }

}  // namespace deeptrace::api
