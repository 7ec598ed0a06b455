#include "api/webhook_operations.hpp"

#include "api/openapi.hpp"
#include "store/webhook_store.hpp"

namespace deeptrace::api {
namespace {

using nlohmann::json;
using oas::kInteger;
using oas::kString;

json webhook_id() { return oas::id_parameter("webhook endpoint id"); }

json webhook_schema(bool with_secret) {
  json time = {{"type", "string"}, {"format", "date-time"}};
  json events = {{"type", "array"}, {"items", {{"type", "string"}, {"enum", subscribable_webhook_events()}}}};
  json properties = {{"id", kString},
                     {"url", kString},
                     {"events", events},
                     {"description", kString},
                     {"enabled", {{"type", "boolean"}}},
                     {"disabled_reason", {{"type", {"string", "null"}}, {"description", "why it was disabled"}}},
                     {"consecutive_failures", kInteger},
                     {"previous_secret_expires_at",
                      {{"type", {"string", "null"}},
                       {"format", "date-time"},
                       {"description", "until when the secret before the last rotation still signs beside the "
                                       "current one; null when it no longer does"}}},
                     {"created_at", time},
                     {"updated_at", time},
                     {"links", {{"type", "object"}}}};
  json required = {"id", "url", "events", "description", "enabled", "disabled_reason", "consecutive_failures",
                   "previous_secret_expires_at", "created_at", "updated_at", "links"};
  if (with_secret) {
    properties["secret"] = {{"type", "string"},
                            {"description", "whsec_ + base64: the HMAC key of webhook-signature; shown once"}};
    required.push_back("secret");
  }
  return {{"type", "object"}, {"required", required}, {"properties", properties}};
}

json delivery_schema() {
  json maybe_time = {{"type", {"string", "null"}}, {"format", "date-time"}};
  return {{"type", "object"},
          {"required",
           {"id", "event", "job_id", "state", "attempts", "created_at", "next_attempt_at", "last_attempt_at",
            "response_status", "last_error"}},
          {"properties",
           {{"id", {{"type", "string"}, {"description", "the webhook-id header; the same on every attempt"}}},
            {"event", kString},
            {"job_id", {{"type", {"string", "null"}}}},
            {"state", {{"type", "string"}, {"enum", {"pending", "succeeded", "failed"}}}},
            {"attempts", kInteger},
            {"created_at", {{"type", "string"}, {"format", "date-time"}}},
            {"next_attempt_at", maybe_time},
            {"last_attempt_at", maybe_time},
            {"response_status", {{"type", {"integer", "null"}}}},
            {"last_error", {{"type", {"string", "null"}}}}}}};
}

json webhook_body_schema(bool url_required) {
  json body = {{"type", "object"},
               {"additionalProperties", false},
               {"properties",
                {{"url", {{"type", "string"}, {"maxLength", 2048},
                          {"description", "https:// to a public address (http:// only for allowlisted hosts)"}}},
                 {"events", {{"type", "array"}, {"minItems", 1},
                             {"items", {{"type", "string"}, {"enum", subscribable_webhook_events()}}}}},
                 {"description", {{"type", "string"}, {"maxLength", 256}}}}}};
  if (url_required) {
    body["required"] = {"url"};
  } else {
    body["properties"]["enabled"] = {{"type", "boolean"}, {"description", "true re-enables a disabled endpoint"}};
  }
  return {{"required", true}, {"content", {{"application/json", {{"schema", body}}}}}};
}

}  // namespace

json list_webhooks_operation() {
  json page = {{"type", "object"},
               {"required", {"webhooks"}},
               {"properties", {{"webhooks", {{"type", "array"}, {"items", webhook_schema(false)}}}}}};
  return {{"summary", "The caller's webhook endpoints, oldest first (without secrets)"},
          {"responses", {{"200", oas::json_response("endpoints", page)}}}};
}

json create_webhook_operation() {
  return {{"summary", "Register a webhook endpoint for job.completed, job.failed and job.cancelled (Standard "
                      "Webhooks signatures; docs/webhooks.md)"},
          {"requestBody", webhook_body_schema(true)},
          {"responses",
           {{"201", oas::json_response("the endpoint with its signing secret", webhook_schema(true))},
            {"400", oas::error_response("INVALID_REQUEST (also a URL that is not https, or not public)")}}}};
}

json get_webhook_operation() {
  return {{"summary", "One of the caller's webhook endpoints"},
          {"parameters", {webhook_id()}},
          {"responses",
           {{"200", oas::json_response("the endpoint", webhook_schema(false))},
            {"404", oas::error_response("WEBHOOK_NOT_FOUND")}}}};
}

json update_webhook_operation() {
  return {{"summary", "Change an endpoint's URL, events or description, or enable or disable it"},
          {"parameters", {webhook_id()}},
          {"requestBody", webhook_body_schema(false)},
          {"responses",
           {{"200", oas::json_response("the endpoint", webhook_schema(false))},
            {"400", oas::error_response("INVALID_REQUEST")},
            {"404", oas::error_response("WEBHOOK_NOT_FOUND")}}}};
}

json delete_webhook_operation() {
  return {{"summary", "Delete an endpoint and its delivery log"},
          {"parameters", {webhook_id()}},
          {"responses", {{"204", {{"description", "deleted"}}}, {"404", oas::error_response("WEBHOOK_NOT_FOUND")}}}};
}

json rotate_webhook_secret_operation() {
  json body = {{"type", "object"},
               {"additionalProperties", false},
               {"properties",
                {{"keep_previous_secret_s",
                  {{"type", "integer"},
                   {"minimum", 0},
                   {"maximum", kMaxKeepPreviousSecretS},
                   {"default", kDefaultKeepPreviousSecretS},
                   {"description", "how long the old secret keeps signing beside the new one (the "
                                   "webhook-signature header then carries both); 0 stops it at once"}}}}}};
  return {{"summary", "Replace an endpoint's signing secret; the old one keeps signing beside it for a day "
                      "unless the body says otherwise"},
          {"parameters", {webhook_id()}},
          {"requestBody", {{"required", false}, {"content", {{"application/json", {{"schema", body}}}}}}},
          {"responses",
           {{"200", oas::json_response("the endpoint with its new secret", webhook_schema(true))},
            {"400", oas::error_response("INVALID_REQUEST")},
            {"404", oas::error_response("WEBHOOK_NOT_FOUND")}}}};
}

json test_webhook_operation() {
  return {{"summary", "Queue a webhook.test event to the endpoint; its outcome appears in the delivery log"},
          {"parameters", {webhook_id()}},
          {"responses",
           {{"202", oas::json_response("the queued delivery", delivery_schema())},
            {"400", oas::error_response("INVALID_REQUEST: the endpoint is disabled")},
            {"404", oas::error_response("WEBHOOK_NOT_FOUND")}}}};
}

json webhook_deliveries_operation() {
  json page = {{"type", "object"},
               {"required", {"deliveries"}},
               {"properties", {{"deliveries", {{"type", "array"}, {"items", delivery_schema()}}}}}};
  return {{"summary", "An endpoint's deliveries, newest first: state, attempts, last status and error"},
          {"parameters",
           {webhook_id(), oas::query_parameter("limit", {{"type", "integer"}, {"minimum", 1}, {"maximum", 200}})}},
          {"responses",
           {{"200", oas::json_response("deliveries", page)}, {"404", oas::error_response("WEBHOOK_NOT_FOUND")}}}};
}

}  // namespace deeptrace::api
