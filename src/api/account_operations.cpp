#include "api/account_operations.hpp"

#include "api/openapi.hpp"
#include "store/user_store.hpp"

namespace deeptrace::api {
namespace {

using nlohmann::json;
using oas::kString;

json job_id() { return oas::id_parameter("job id"); }

json key_schema(bool with_secret) {
  json time_or_null = {{"type", {"string", "null"}}, {"format", "date-time"}};
  json properties = {{"id", {{"type", "string"}, {"description", "first 16 hex digits of the key's SHA-256"}}},
                     {"name", kString},
                     {"created_at", {{"type", "string"}, {"format", "date-time"}}},
                     {"expires_at", time_or_null},
                     {"last_used_at", time_or_null},
                     {"current", {{"type", "boolean"}, {"description", "the key this request was made with"}}}};
  json required = {"id", "name", "created_at", "expires_at", "last_used_at", "current"};
  if (with_secret) {
    properties["key"] = {{"type", "string"}, {"description", "the secret; shown this once, never again"}};
    required.push_back("key");
  }
  return {{"type", "object"}, {"required", required}, {"properties", properties}};
}

json share_schema(bool with_token) {
  json properties = {{"id", kString},
                     {"job_id", kString},
                     {"created_at", {{"type", "string"}, {"format", "date-time"}}},
                     {"expires_at", {{"type", {"string", "null"}}, {"format", "date-time"}}},
                     {"expired", {{"type", "boolean"}}}};
  json required = {"id", "job_id", "created_at", "expires_at", "expired"};
  if (with_token) {
    properties["token"] = {{"type", "string"}, {"description", "the link's secret; shown this once"}};
    properties["url"] = {{"type", "string"}, {"description", "the web UI's page for the link"}};
    properties["api_url"] = kString;
    for (const char* field : {"token", "url", "api_url"}) required.push_back(field);
  }
  return {{"type", "object"}, {"required", required}, {"properties", properties}};
}

json token_parameter() { return oas::path_parameter("token", "the share link's token"); }

json session_schema() {
  return {{"type", "object"},
          {"required", {"user", "key_id", "csrf_token", "expires_at"}},
          {"properties",
           {{"user", {{"type", "object"}}},
            {"key_id", kString},
            {"csrf_token", {{"type", "string"}, {"description", "send it as X-CSRF-Token on POST, PATCH and DELETE"}}},
            {"expires_at", {{"type", "string"}, {"format", "date-time"}}}}}};
}

}  // namespace

// --- API keys -----------------------------------------------------------------

json list_keys_operation() {
  json page = {{"type", "object"},
               {"required", {"keys"}},
               {"properties", {{"keys", {{"type", "array"}, {"items", key_schema(false)}}}}}};
  return {{"summary", "The caller's API keys that are not revoked (expired ones included), oldest first"},
          {"responses", {{"200", oas::json_response("keys, without their secrets", page)}}}};
}

// POST /keys and an admin's POST /admin/users/{name}/keys take the same body;
// the admin's may leave the name out.
json key_body(bool name_required) {
  json body = {{"type", "object"},
               {"additionalProperties", false},
               {"properties",
                {{"name", {{"type", "string"}, {"minLength", 1}, {"maxLength", kMaxNameLength}}},
                 {"expires_at", {{"type", {"string", "null"}}, {"description", "RFC 3339 time or date; at most 5 years"}}}}}};
  if (name_required) body["required"] = {"name"};
  return {{"required", name_required}, {"content", {{"application/json", {{"schema", body}}}}}};
}

json create_key_operation() {
  return {{"summary", "Create a named API key for the caller, optionally expiring"},
          {"requestBody", key_body(true)},
          {"responses",
           {{"201", oas::json_response("the key with its secret", key_schema(true))},
            {"400", oas::error_response("INVALID_REQUEST")}}}};
}

json issue_user_key_operation() {
  return {{"summary", "Give a user a new API key (e.g. after revoking theirs); named \"issued by <admin>\" unless "
                      "the body names it"},
          {"parameters", {oas::path_parameter("name", "the user's name")}},
          {"requestBody", key_body(false)},
          {"responses",
           {{"201", oas::json_response("the user's new key with its secret, shown this once", key_schema(true))},
            {"400", oas::error_response("INVALID_REQUEST")},
            {"404", oas::error_response("USER_NOT_FOUND")}}}};
}

json revoke_key_operation() {
  return {{"summary", "Revoke one of the caller's keys (the one in use too: the next request with it is 401)"},
          {"parameters", {oas::id_parameter("key id")}},
          {"responses", {{"204", {{"description", "revoked"}}}, {"404", oas::error_response("KEY_NOT_FOUND")}}}};
}

// --- share links --------------------------------------------------------------

json create_share_operation() {
  json body = {{"type", "object"},
               {"additionalProperties", false},
               {"properties",
                {{"expires_at", {{"type", {"string", "null"}}, {"description", "RFC 3339 time or date; at most a year"}}}}}};
  return {{"summary", "Create a read-only share link to a completed job's report (no account needed to open it)"},
          {"parameters", {job_id()}},
          {"requestBody", {{"required", true}, {"content", {{"application/json", {{"schema", body}}}}}}},
          {"responses",
           {{"201", oas::json_response("the link with its token", share_schema(true))},
            {"400", oas::error_response("INVALID_REQUEST (also: the job is not completed)")},
            {"404", oas::error_response("JOB_NOT_FOUND")}}}};
}

json list_shares_operation() {
  json page = {{"type", "object"},
               {"required", {"shares"}},
               {"properties", {{"shares", {{"type", "array"}, {"items", share_schema(false)}}}}}};
  return {{"summary", "The job's share links that are not revoked, oldest first (without tokens)"},
          {"parameters", {job_id()}},
          {"responses", {{"200", oas::json_response("links", page)}, {"404", oas::error_response("JOB_NOT_FOUND")}}}};
}

json revoke_share_operation() {
  return {{"summary", "Revoke a share link: it opens nothing from now on"},
          {"parameters", {job_id(), oas::path_parameter("share", "share link id")}},
          {"responses",
           {{"204", {{"description", "revoked"}}}, {"404", oas::error_response("JOB_NOT_FOUND, SHARE_NOT_FOUND")}}}};
}

json shared_report_operation() {
  json body = {{"type", "object"},
               {"required", {"shared", "share", "job", "report_digest", "anchor", "links"}},
               {"properties",
                {{"shared", {{"type", "boolean"}, {"const", true}}},
                 {"share", {{"type", "object"}}},
                 {"job", {{"type", "object"},
                          {"description", "job_id, status, times, media, options and result (the report)"}}},
                 {"report_digest", {{"type", "string"}, {"description", "the digest anchoring uses"}}},
                 {"anchor", {{"type", {"object", "null"}}}},
                 {"links", {{"type", "object"}}}}}};
  return {{"summary", "A shared report, opened with its link's token instead of a key"},
          {"parameters", {token_parameter()}},
          {"responses",
           {{"200", oas::json_response("the shared copy", body)},
            {"404", oas::error_response("SHARE_NOT_FOUND (unknown, revoked or expired link, or the job is gone)")}}}};
}

json shared_artifact_operation() {
  return {{"summary", "An artifact of a shared report"},
          {"parameters", {token_parameter(), oas::path_parameter("name", "the artifact's name in the report")}},
          {"responses",
           {{"200", {{"description", "the artifact's bytes"}}},
            {"404", oas::error_response("SHARE_NOT_FOUND, ARTIFACT_NOT_FOUND")}}}};
}

// --- sessions -----------------------------------------------------------------

json create_session_operation() {
  return {{"summary", "Sign a browser in: exchange the request's API key (Bearer) for an HttpOnly, SameSite=Strict "
                      "session cookie (dt_session); state-changing requests with the cookie also need X-CSRF-Token"},
          {"responses",
           {{"201", oas::json_response("the session; Set-Cookie carries its token", session_schema())},
            {"400", oas::error_response("INVALID_REQUEST: sign in with a Bearer key, not a session")}}}};
}

json get_session_operation() {
  return {{"summary", "The session of this browser (its cookie): who is signed in, and the CSRF token"},
          {"responses",
           {{"200", oas::json_response("the session", session_schema())}}}};
}

json delete_session_operation() {
  return {{"summary", "Sign this browser out: ends the session and clears its cookie"},
          {"responses", {{"204", {{"description", "signed out"}}}}}};
}

}  // namespace deeptrace::api
