#include "api/openapi.hpp"

#include <string>

#include "api/router.hpp"
#include "core/errors.hpp"

namespace deeptrace::api {
namespace {

using nlohmann::json;

json ref(const std::string& schema) { return {{"$ref", "#/components/schemas/" + schema}}; }

json json_content(const json& schema) { return {{"application/json", {{"schema", schema}}}}; }

json error_response(const std::string& description) {
  return {{"description", description}, {"content", json_content(ref("Error"))}};
}

json job_response(const std::string& description) {
  return {{"description", description}, {"content", json_content(ref("Job"))}};
}

json id_parameter() {
  return {{"name", "id"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}},
          {"description", "job id"}};
}

json create_job_operation() {
  json form = {{"type", "object"},
               {"required", {"file"}},
               {"properties",
                {{"file", {{"type", "string"}, {"format", "binary"}}},
                 {"frames", {{"type", "integer"}, {"minimum", 1}, {"maximum", 256}}},
                 {"detectors", {{"type", "string"}, {"description", "comma-separated detector names"}}},
                 {"priority", {{"type", "integer"}}}}}};
  json binary = {{"schema", {{"type", "string"}, {"format", "binary"}}}};
  return {{"summary", "Upload a video and create an analysis job"},
          {"parameters",
           {{{"name", "Idempotency-Key"}, {"in", "header"}, {"schema", {{"type", "string"}}}},
            {{"name", "X-Filename"}, {"in", "header"}, {"schema", {{"type", "string"}}}},
            {{"name", "frames"}, {"in", "query"}, {"schema", {{"type", "integer"}}}},
            {{"name", "detectors"}, {"in", "query"}, {"schema", {{"type", "string"}}}},
            {{"name", "priority"}, {"in", "query"}, {"schema", {{"type", "integer"}}}}}},
          {"requestBody",
           {{"required", true},
            {"content",
             {{"multipart/form-data", {{"schema", form}}},
              {"video/*", binary},
              {"application/octet-stream", binary}}}}},
          {"responses",
           {{"202", job_response("job created")},
            {"200", job_response("an existing job for this Idempotency-Key")},
            {"400", error_response("EMPTY_BODY, INCOMPLETE_BODY, MALFORMED_MULTIPART, MISSING_FILE, INVALID_REQUEST "
                                   "(also an unknown detector, or one whose weights are not installed)")},
            {"401", error_response("UNAUTHORIZED")},
            {"408", error_response("REQUEST_TIMEOUT")},
            {"413", error_response("MEDIA_TOO_LARGE")},
            {"415", error_response("UNSUPPORTED_MEDIA")},
            {"422", error_response("NO_VIDEO_STREAM, CORRUPT_MEDIA, MEDIA_TOO_LONG, RESOLUTION_TOO_HIGH")},
            {"431", error_response("HEADERS_TOO_LARGE")},
            {"503", error_response("STORE_UNAVAILABLE")},
            {"507", error_response("INSUFFICIENT_STORAGE (retry later)")}}}};
}

json list_jobs_operation() {
  return {{"summary", "List the caller's jobs, newest first"},
          {"parameters",
           {{{"name", "limit"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 1}, {"maximum", 100}}}},
            {{"name", "cursor"}, {"in", "query"}, {"schema", {{"type", "string"}}}}}},
          {"responses",
           {{"200", {{"description", "a page of jobs"}, {"content", json_content(ref("JobPage"))}}},
            {"400", error_response("INVALID_CURSOR, INVALID_REQUEST")},
            {"401", error_response("UNAUTHORIZED")}}}};
}

json get_job_operation() {
  return {{"summary", "Get one job"},
          {"parameters", {id_parameter()}},
          {"responses",
           {{"200", job_response("the job")},
            {"401", error_response("UNAUTHORIZED")},
            {"404", error_response("JOB_NOT_FOUND")}}}};
}

json cancel_job_operation() {
  return {{"summary", "Cancel a job (PENDING: at once; PROCESSING: the worker stops)"},
          {"parameters", {id_parameter()}},
          {"responses",
           {{"200", job_response("cancelled")},
            {"202", job_response("cancellation requested; the worker will stop")},
            {"401", error_response("UNAUTHORIZED")},
            {"404", error_response("JOB_NOT_FOUND")},
            {"409", error_response("JOB_NOT_CANCELLABLE")}}}};
}

json events_operation() {
  return {{"summary", "Server-Sent Events: the current state, then each status or progress change"},
          {"parameters", {id_parameter()}},
          {"responses",
           {{"200",
             {{"description", "event: status|progress, data: the job JSON; ends after a terminal state"},
              {"content", {{"text/event-stream", {{"schema", {{"type", "string"}}}}}}}}},
            {"401", error_response("UNAUTHORIZED")},
            {"404", error_response("JOB_NOT_FOUND")}}}};
}

json artifact_operation() {
  json name = {{"name", "name"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}},
               {"description", "artifact name from the report's artifacts[] (track-N.jpg, timeline.json)"}};
  return {{"summary", "A job's evidence file: a face track thumbnail or the per-frame timeline"},
          {"parameters", {id_parameter(), name}},
          {"responses",
           {{"200", {{"description", "the file"},
                     {"content", {{"image/jpeg", {{"schema", {{"type", "string"}, {"format", "binary"}}}}},
                                  {"application/json", {{"schema", {{"type", "object"}}}}}}}}},
            {"401", error_response("UNAUTHORIZED")},
            {"404", error_response("JOB_NOT_FOUND, ARTIFACT_NOT_FOUND")}}}};
}

json models_operation() {
  return {{"summary", "Detectors and face detectors with availability and model cards, and the ensemble config"},
          {"responses",
           {{"200", {{"description", "the model catalogue"}, {"content", json_content({{"type", "object"}})}}},
            {"401", error_response("UNAUTHORIZED")}}}};
}

json object_response(const std::string& description) {
  return {{"description", description}, {"content", json_content({{"type", "object"}})}};
}

json admin_operation(const std::string& summary, json responses, bool json_body) {
  responses["401"] = error_response("UNAUTHORIZED");
  responses["403"] = error_response("FORBIDDEN: not an admin key");
  json op = {{"summary", summary}, {"responses", responses}};
  if (json_body) op["requestBody"] = {{"required", true}, {"content", json_content({{"type", "object"}})}};
  return op;
}

json batch_id_parameter() {
  return {{"name", "id"}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}},
          {"description", "anchor batch id"}};
}

// docs/anchoring.md §4.
json anchor_operation(RouteId id) {
  json not_found = error_response("ANCHOR_BATCH_NOT_FOUND");
  json bad_body = error_response("INVALID_REQUEST");
  json conflict = error_response("ANCHOR_CONFLICT");
  json op;
  switch (id) {
    case RouteId::JobAnchor:
      return {{"summary", "The job's anchor: digest, Merkle proof, root and transaction"},
              {"parameters", {id_parameter()}},
              {"responses", {{"200", object_response("the job anchor")},
                             {"401", error_response("UNAUTHORIZED")},
                             {"404", error_response("JOB_NOT_FOUND, NOT_ANCHORED")}}}};
    case RouteId::PendingReports:
      return admin_operation("Completed reports in no anchor batch, with their digests",
                             {{"200", object_response("reports")}, {"400", bad_body}}, false);
    case RouteId::CreateAnchorBatch:
      return admin_operation("Reserve reports for a Merkle batch (digests and proofs are checked)",
                             {{"201", object_response("the prepared batch")},
                              {"400", error_response("INVALID_REQUEST, ANCHOR_PROOF_INVALID")},
                              {"404", error_response("JOB_NOT_FOUND")},
                              {"409", conflict}}, true);
    case RouteId::ListAnchorBatches:
      return admin_operation("Anchor batches in a state", {{"200", object_response("batches")}, {"400", bad_body}}, false);
    case RouteId::GetAnchorBatch: op = admin_operation("One anchor batch with its entries",
                                                       {{"200", object_response("the batch")}, {"404", not_found}}, false); break;
    case RouteId::AnchorBatchSubmitted:
      op = admin_operation("Record the batch's transaction hash",
                           {{"200", object_response("the batch")}, {"400", bad_body}, {"404", not_found}, {"409", conflict}}, true);
      break;
    default:
      op = admin_operation("Record the block that mined the batch",
                           {{"200", object_response("the batch")}, {"400", bad_body}, {"404", not_found}, {"409", conflict}}, true);
  }
  op["parameters"] = {batch_id_parameter()};
  return op;
}

json simple_operation(const std::string& summary, const std::string& type, const json& extra_responses) {
  json responses = {{"200", {{"description", "OK"}, {"content", {{type, {{"schema", {{"type", "object"}}}}}}}}}};
  responses.update(extra_responses);
  return {{"summary", summary}, {"responses", responses}};
}

json operation_for(RouteId id) {
  switch (id) {
    case RouteId::CreateJob: return create_job_operation();
    case RouteId::ListJobs: return list_jobs_operation();
    case RouteId::GetJob: return get_job_operation();
    case RouteId::CancelJob: return cancel_job_operation();
    case RouteId::JobEvents: return events_operation();
    case RouteId::JobArtifact: return artifact_operation();
    case RouteId::Models: return models_operation();
    case RouteId::Me:
      return {{"summary", "The caller's user"},
              {"responses", {{"200", {{"description", "the user"}, {"content", json_content(ref("User"))}}},
                             {"401", error_response("UNAUTHORIZED")}}}};
    case RouteId::OpenApi: return simple_operation("This document", "application/json", json::object());
    case RouteId::Healthz: return simple_operation("Liveness: 200 while the process runs", "application/json", json::object());
    case RouteId::Readyz:
      return simple_operation("Readiness: the job store answers and the disk has room", "application/json",
                              {{"503", error_response("STORE_UNAVAILABLE")},
                               {"507", error_response("INSUFFICIENT_STORAGE: degraded, with status and reasons")}});
    case RouteId::Metrics: return simple_operation("Prometheus metrics", "text/plain", json::object());
    default: return anchor_operation(id);
  }
  return json::object();
}

json error_codes() {
  json codes = json::array();
#define DEEPTRACE_OPENAPI_CODE(name, status, retryable, message) codes.push_back(#name);
  DEEPTRACE_ERROR_CODES(DEEPTRACE_OPENAPI_CODE)
#undef DEEPTRACE_OPENAPI_CODE
  return codes;
}

json schemas() {
  json error = {{"type", "object"},
                {"required", {"error"}},
                {"properties",
                 {{"error",
                   {{"type", "object"},
                    {"required", {"code", "message"}},
                    {"properties", {{"code", {{"type", "string"}, {"enum", error_codes()}}},
                                    {"message", {{"type", "string"}}}}}}},
                  {"request_id", {{"type", "string"}}}}}};
  json job = {{"type", "object"},
              {"properties",
               {{"job_id", {{"type", "string"}}},
                {"status", {{"type", "string"}, {"enum", {"PENDING", "PROCESSING", "COMPLETED", "FAILED", "CANCELLED"}}}},
                {"media", {{"type", "object"}}},
                {"options", {{"type", "object"}}},
                {"progress", {{"type", "object"}}},
                {"result", {{"type", "object"}, {"nullable", true}}},
                {"error", {{"type", "object"}, {"nullable", true}}},
                {"links", {{"type", "object"}}}}}};
  json page = {{"type", "object"},
               {"properties", {{"jobs", {{"type", "array"}, {"items", ref("Job")}}},
                               {"next_cursor", {{"type", "string"}, {"nullable", true}}}}}};
  json user = {{"type", "object"},
               {"properties", {{"id", {{"type", "string"}}}, {"name", {{"type", "string"}}},
                               {"admin", {{"type", "boolean"}}}, {"created_at", {{"type", "string"}}}}}};
  return {{"Error", error}, {"Job", job}, {"JobPage", page}, {"User", user}};
}

}  // namespace

json openapi_document() {
  json paths = json::object();
  for (const Route& route : route_table()) {
    json op = operation_for(route.id);
    if (route.needs_auth) op["security"] = json::array({{{"bearerAuth", json::array()}}});
    std::string method(route.method);
    for (char& c : method) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    paths[std::string(route.pattern)][method] = op;
  }
  return {{"openapi", "3.0.3"},
          {"info", {{"title", "DeepTrace API"}, {"version", DEEPTRACE_VERSION}}},
          {"paths", paths},
          {"components",
           {{"schemas", schemas()},
            {"securitySchemes", {{"bearerAuth", {{"type", "http"}, {"scheme", "bearer"}}}}}}}};
}

}  // namespace deeptrace::api
