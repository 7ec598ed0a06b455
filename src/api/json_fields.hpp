#pragma once
// Time fields that several routes' JSON shares: an optional time as RFC 3339
// or null, and an optional "expires_at" that must lie in the future.
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/job.hpp"

namespace deeptrace::api {

nlohmann::json optional_time_json(const std::optional<TimeMs>& ms);

// body["expires_at"]: absent or null => nullopt; else an RFC 3339 time or a
// date at most max_ahead_ms away, or Error(INVALID_REQUEST) whose message
// ends "at most <max_ahead_text> away".
std::optional<TimeMs> parse_expires_at(const nlohmann::json& body, TimeMs max_ahead_ms,
                                       const std::string& max_ahead_text);

}  // namespace deeptrace::api
