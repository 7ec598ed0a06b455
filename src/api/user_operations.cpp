#include "api/user_operations.hpp"

#include "api/openapi.hpp"
#include "api/quotas.hpp"

namespace deeptrace::api {
namespace {

using nlohmann::json;
using oas::kInteger;

json user_name() { return oas::path_parameter("name", "the user's name"); }

json quotas_schema() {
  json properties = json::object();
  for (Limit limit : kAllLimits) properties[std::string(limit_name(limit))] = {{"type", "integer"}, {"minimum", 0}};
  return {{"type", "object"},
          {"description", "quotas in force: uploads per minute, jobs queued or running at once, bytes uploaded in "
                          "any 24 hours; 0 is no limit"},
          {"required", {"uploads_per_minute", "concurrent_jobs", "bytes_per_day"}},
          {"properties", properties}};
}

json overrides_schema() {
  json properties = json::object();
  for (Limit limit : kAllLimits) {
    properties[std::string(limit_name(limit))] = {{"type", {"integer", "null"}}, {"minimum", 0}};
  }
  return {{"type", "object"},
          {"additionalProperties", false},
          {"description", "this user's own quotas; null: the server's default"},
          {"properties", properties}};
}

json usage_schema() {
  return {{"type", "object"},
          {"required", {"uploads_last_minute", "bytes_last_24h", "active_jobs"}},
          {"properties",
           {{"uploads_last_minute", kInteger}, {"bytes_last_24h", kInteger},
            {"active_jobs", {{"type", "integer"}, {"description", "jobs queued or running"}}}}}};
}

json admin_user_schema(bool with_key, bool with_usage) {
  json properties = {{"id", {{"type", "string"}}},
                     {"name", {{"type", "string"}}},
                     {"admin", {{"type", "boolean"}}},
                     {"created_at", {{"type", "string"}, {"format", "date-time"}}},
                     {"quotas", quotas_schema()},
                     {"quota_overrides", overrides_schema()}};
  json required = {"id", "name", "admin", "created_at", "quotas", "quota_overrides"};
  if (with_key) {
    properties["key"] = {{"type", "string"}, {"description", "the user's first API key; shown this once"}};
    required.push_back("key");
  }
  if (with_usage) {
    properties["usage"] = usage_schema();
    required.push_back("usage");
  }
  return {{"type", "object"}, {"required", required}, {"properties", properties}};
}

json json_body(const json& schema) { return {{"required", true}, {"content", {{"application/json", {{"schema", schema}}}}}}; }

}  // namespace

json usage_operation() {
  json body = {{"type", "object"},
               {"required", {"quotas", "usage"}},
               {"properties", {{"quotas", quotas_schema()}, {"usage", usage_schema()}}}};
  return {{"summary", "The caller's quotas and how much of them is used; an upload past one answers 429 "
                      "RATE_LIMITED, TOO_MANY_ACTIVE_JOBS or QUOTA_EXCEEDED with Retry-After"},
          {"responses", {{"200", oas::json_response("quotas and usage", body)}}}};
}

json list_users_operation() {
  json page = {{"type", "object"},
               {"required", {"users"}},
               {"properties", {{"users", {{"type", "array"}, {"items", admin_user_schema(false, false)}}}}}};
  return {{"summary", "Every user, by name, with their quotas"}, {"responses", {{"200", oas::json_response("users", page)}}}};
}

json create_user_operation() {
  json body = {{"type", "object"},
               {"additionalProperties", false},
               {"required", {"name"}},
               {"properties",
                {{"name", {{"type", "string"}, {"pattern", "^[A-Za-z0-9._@-]{1,64}$"}}}, {"admin", {{"type", "boolean"}}}}}};
  return {{"summary", "Add a user; the answer carries their first API key, shown once"},
          {"requestBody", json_body(body)},
          {"responses",
           {{"201", oas::json_response("the user and their key", admin_user_schema(true, false))},
            {"400", oas::error_response("INVALID_REQUEST")},
            {"409", oas::error_response("USER_EXISTS")}}}};
}

json get_user_operation() {
  return {{"summary", "One user, with their quotas and current usage"},
          {"parameters", {user_name()}},
          {"responses",
           {{"200", oas::json_response("the user", admin_user_schema(false, true))},
            {"404", oas::error_response("USER_NOT_FOUND")}}}};
}

json update_user_operation() {
  json body = {{"type", "object"},
               {"additionalProperties", false},
               {"properties", {{"quota_overrides", overrides_schema()}}}};
  return {{"summary", "Set a user's own quotas: a field left out stays, null returns it to the default"},
          {"parameters", {user_name()}},
          {"requestBody", json_body(body)},
          {"responses",
           {{"200", oas::json_response("the user", admin_user_schema(false, false))},
            {"400", oas::error_response("INVALID_REQUEST")},
            {"404", oas::error_response("USER_NOT_FOUND")}}}};
}

json revoke_user_keys_operation() {
  json body = {{"type", "object"}, {"required", {"revoked_keys"}}, {"properties", {{"revoked_keys", kInteger}}}};
  return {{"summary", "Revoke every key of a user (their browser sessions end with them)"},
          {"parameters", {user_name()}},
          {"responses",
           {{"200", oas::json_response("how many keys were revoked", body)}, {"404", oas::error_response("USER_NOT_FOUND")}}}};
}

}  // namespace deeptrace::api
