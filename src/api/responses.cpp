#include "api/responses.hpp"

namespace deeptrace::api {

Response text_response(http::status status, std::string body, const std::string& content_type) {
  Response res{status, 11};
  res.set(http::field::content_type, content_type);
  res.set(http::field::server, "deeptrace/" DEEPTRACE_VERSION);
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

Response empty_response(http::status status) {
  Response res{status, 11};
  res.set(http::field::server, "deeptrace/" DEEPTRACE_VERSION);
  res.prepare_payload();
  return res;
}

Response json_response(http::status status, const nlohmann::json& body) {
  return text_response(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       "application/json");
}

nlohmann::json error_body(ErrorCode code, const std::string& message, const std::string& request_id) {
  return {{"error", {{"code", code_name(code)}, {"message", message}}}, {"request_id", request_id}};
}

Response error_response(const Error& error, const std::string& request_id) {
  auto status = static_cast<http::status>(http_status(error.code()));
  Response res = json_response(status, error_body(error.code(), error.what(), request_id));
  if (auto seconds = error.retry_after_s()) {
    res.set(http::field::retry_after, std::to_string(*seconds));
  } else if (error.retryable()) {
    res.set(http::field::retry_after, "1");
  }
  return res;
}

Response error_response(ErrorCode code, const std::string& request_id) {
  return error_response(Error(code), request_id);
}

void add_security_headers(http::fields& headers) {
  // Beast 1.74 has no field constants for most of these: set them by name.
  headers.set("X-Content-Type-Options", "nosniff");
  headers.set("Referrer-Policy", "no-referrer");
  headers.set(http::field::x_frame_options, "DENY");
  if (headers.find("Content-Security-Policy") == headers.end()) {
    headers.set("Content-Security-Policy", kApiContentSecurityPolicy);
  }
}

}  // namespace deeptrace::api
