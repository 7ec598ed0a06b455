#include "api/openapi.hpp"

#include <string>

#include "api/report_schema_text.hpp"  // generated from docs/report.schema.json
#include "core/errors.hpp"
#include "core/job.hpp"

namespace deeptrace::api {

using nlohmann::json;

namespace oas {

json ref(const std::string& schema) { return {{"$ref", "#/components/schemas/" + schema}}; }

json json_response(const std::string& description, const json& schema) {
  return {{"description", description}, {"content", {{"application/json", {{"schema", schema}}}}}};
}

json error_response(const std::string& description) { return json_response(description, ref("Error")); }

json job_response(const std::string& description) { return json_response(description, ref("Job")); }

json object_response(const std::string& description) { return json_response(description, {{"type", "object"}}); }

json path_parameter(const std::string& name, const std::string& what) {
  return {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}, {"description", what}};
}

json id_parameter(const std::string& what) { return path_parameter("id", what); }

json query_parameter(const std::string& name, const json& schema) {
  return {{"name", name}, {"in", "query"}, {"schema", schema}};
}

}  // namespace oas

namespace {

json nullable(json schema) {
  schema["type"] = json::array({schema["type"], "null"});
  return schema;
}

json error_codes() {
  json codes = json::array();
#define DEEPTRACE_OPENAPI_CODE(name, status, retryable, message) codes.push_back(#name);
  DEEPTRACE_ERROR_CODES(DEEPTRACE_OPENAPI_CODE)
#undef DEEPTRACE_OPENAPI_CODE
  return codes;
}

json status_names() {
  json names = json::array();
  for (JobStatus status : all_statuses()) names.push_back(status_name(status));
  return names;
}

json object_of(json properties) {
  json required = json::array();
  for (const auto& [name, _] : properties.items()) required.push_back(name);
  return {{"type", "object"}, {"required", required}, {"properties", std::move(properties)}};
}

const json kString = {{"type", "string"}};
const json kInteger = {{"type", "integer"}};
const json kNumber = {{"type", "number"}};
const json kBoolean = {{"type", "boolean"}};
const json kTime = {{"type", "string"}, {"format", "date-time"}};

// core/job.cpp media_to_json().
json media_schema() {
  return object_of({{"sha256", kString}, {"size", kInteger}, {"filename", kString}, {"content_type", kString},
                    {"container", kString}, {"codec", kString}, {"duration_s", kNumber}, {"width", kInteger},
                    {"height", kInteger}, {"fps", kNumber}});
}

// core/job.cpp progress_to_json(). The stage names are listed by the report
// schema's $defs/Stage; until core/job.hpp has one C++ enum for them it stays
// a string here.
json progress_schema() {
  json stages = json::array();
  for (Stage stage : all_stages()) stages.push_back(stage_name(stage));
  json stage = {{"type", "string"}, {"enum", stages}};
  return object_of({{"stage", stage}, {"done", kInteger}, {"total", kInteger}});
}

json job_error_schema() {
  return object_of({{"code", {{"type", "string"}, {"enum", error_codes()}}}, {"message", kString},
                    {"retryable", kBoolean}});
}

json error_record_schema() {
  json record = job_error_schema();
  record["properties"]["attempt"] = kInteger;
  record["properties"]["at"] = kTime;
  record["required"].push_back("attempt");
  record["required"].push_back("at");
  return record;
}

// core/job.cpp job_to_api_json(), plus the links the API adds.
json job_schema() {
  json options = object_of({{"frames", {{"type", "integer"}, {"minimum", 1}, {"maximum", JobOptions::kMaxFrames}}},
                            {"detectors", {{"type", "array"}, {"items", kString}}}});
  json lease = nullable(object_of({{"owner", kString}, {"expires_at", kTime}}));
  json job = object_of({{"job_id", kString},
                        {"status", {{"type", "string"}, {"enum", status_names()}}},
                        {"priority", kInteger},
                        {"attempts", kInteger},
                        {"max_attempts", kInteger},
                        {"cancel_requested", kBoolean},
                        {"lease", lease},
                        {"run_after", kTime},
                        {"created_at", kTime},
                        {"updated_at", kTime},
                        {"started_at", nullable(kTime)},
                        {"finished_at", nullable(kTime)},
                        {"media", media_schema()},
                        {"options", options},
                        {"progress", progress_schema()},
                        {"result", {{"oneOf", {oas::ref("Report"), {{"type", "null"}}}}}},
                        {"error", nullable(job_error_schema())},
                        {"error_history", {{"type", "array"}, {"items", error_record_schema()}}}});
  job["properties"]["links"] =
      object_of({{"self", kString}, {"events", kString}, {"cancel", kString}, {"delete", kString}, {"rerun", kString}});
  // Only on PENDING jobs (a store count when the document is served).
  job["properties"]["queue_position"] = {
      {"type", "integer"}, {"minimum", 0}, {"description", "queued jobs of any user that workers take before this one"}};
  return job;
}

json schemas() {
  json error = {{"type", "object"},
                {"required", {"error"}},
                {"properties",
                 {{"error",
                   {{"type", "object"},
                    {"required", {"code", "message"}},
                    {"properties", {{"code", {{"type", "string"}, {"enum", error_codes()}}}, {"message", kString}}}}},
                  {"request_id", kString}}}};
  json page = object_of({{"jobs", {{"type", "array"}, {"items", oas::ref("Job")}}}, {"next_cursor", nullable(kString)}});
  json user = {{"type", "object"},
               {"properties", {{"id", kString}, {"name", kString}, {"admin", kBoolean}, {"created_at", kString},
                               {"limits", object_of({{"max_frames", kInteger}, {"default_frames", kInteger},
                                                     {"max_upload_bytes", kInteger}})},
                               {"quotas", object_of({{"uploads_per_minute", kInteger}, {"concurrent_jobs", kInteger},
                                                     {"bytes_per_day", kInteger}})},
                               {"features", object_of({{"anchoring", kBoolean}})}}}};
  return {{"Error", error}, {"Job", job_schema()}, {"JobPage", page}, {"User", user}, {"Report", report_schema()}};
}

// What every route of an auth level answers before its handler runs.
void add_auth(json& op, Auth auth) {
  if (auth == Auth::Public) return;
  // Programs send a key; browsers the session cookie (with X-CSRF-Token on writes).
  op["security"] = json::array({{{"bearerAuth", json::array()}}, {{"cookieAuth", json::array()}}});
  op["responses"]["401"] = oas::error_response("UNAUTHORIZED");
  if (auth == Auth::Admin) op["responses"]["403"] = oas::error_response("FORBIDDEN: not an admin key");
}

json operation_of(const Route& route) {
  json op = route.operation.build();
  add_auth(op, route.auth);
  const bool takes_json = route.body == Body::Json || route.body == Body::OptionalJson;
  if (takes_json && !op.contains("requestBody")) {
    op["requestBody"] = {{"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
  }
  if (takes_json) op["requestBody"]["required"] = route.body == Body::Json;
  return op;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

const json& report_schema() {
  static const json schema = json::parse(kReportSchemaText);
  return schema;
}

json openapi_document(std::span<const Route> table) {
  json paths = json::object();
  for (const Route& route : table) paths[std::string(route.pattern)][lower(route.method)] = operation_of(route);
  return {{"openapi", "3.1.0"},
          {"info", {{"title", "DeepTrace API"}, {"version", DEEPTRACE_VERSION}}},
          {"paths", paths},
          {"components",
           {{"schemas", schemas()}, {"securitySchemes",
             {{"bearerAuth", {{"type", "http"}, {"scheme", "bearer"}}},
              {"cookieAuth", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "dt_session"}}}}}}}};
}

}  // namespace deeptrace::api
