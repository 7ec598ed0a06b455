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
Response error_response(const Error& error, const std::string& request_id);
Response error_response(ErrorCode code, const std::string& request_id);
Response text_response(http::status status, std::string body, const std::string& content_type);

nlohmann::json error_body(ErrorCode code, const std::string& message, const std::string& request_id);

}  // namespace deeptrace::api
