#pragma once
// Building HTTP responses: JSON bodies and the one error shape,
// {"error":{"code","message"},"request_id"}.
#include <string>

#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "core/errors.hpp"

namespace deeptrace::api {

namespace http = boost::beast::http;
using Response = http::response<http::string_body>;

Response json_response(http::status status, const nlohmann::json& body);
// No body (204 No Content).
Response empty_response(http::status status);
Response error_response(const Error& error, const std::string& request_id);
Response error_response(ErrorCode code, const std::string& request_id);
Response text_response(http::status status, std::string body, const std::string& content_type);

nlohmann::json error_body(ErrorCode code, const std::string& message, const std::string& request_id);

// The web UI's pages (served from --web-dir) load only their own scripts,
// styles, fonts and API, images also from data: (the favicon) and blob:
// (artifacts fetched with the API key), and may not be framed.
inline constexpr std::string_view kWebUiContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "media-src 'self' blob:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'";
// Everything else (JSON, metrics, event streams, artifacts) is never a page
// that runs anything.
inline constexpr std::string_view kApiContentSecurityPolicy =
    "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

// Headers every response carries: nosniff, no referrer, no framing (also the
// legacy X-Frame-Options), and kApiContentSecurityPolicy unless the response
// already has a policy of its own (web UI files).
void add_security_headers(http::fields& headers);

}  // namespace deeptrace::api
