#pragma once
// JSON body rules that several routes share: unknown fields are refused, an
// optional time is RFC 3339 or null, and an optional "expires_at" must lie
// in the future.
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/job.hpp"

namespace deeptrace::api {

// Error(INVALID_REQUEST) unless `body` is an object whose fields are all in
// `known`; the message names the first stranger and the fields allowed.
void refuse_unknown_fields(const nlohmann::json& body, std::initializer_list<std::string_view> known);

nlohmann::json optional_time_json(const std::optional<TimeMs>& ms);

// body["expires_at"]: absent or null => nullopt; else an RFC 3339 time or a
// date at most max_ahead_ms away, or Error(INVALID_REQUEST) whose message
// ends "at most <max_ahead_text> away".
std::optional<TimeMs> parse_expires_at(const nlohmann::json& body, TimeMs max_ahead_ms,
                                       const std::string& max_ahead_text);

}  // namespace deeptrace::api
