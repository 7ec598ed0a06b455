#include "api/json_fields.hpp"

#include <algorithm>

#include "core/time.hpp"

namespace deeptrace::api {

void refuse_unknown_fields(const nlohmann::json& body, std::initializer_list<std::string_view> known) {
  if (!body.is_object()) throw Error(ErrorCode::INVALID_REQUEST, "the body must be a JSON object");
  for (const auto& [name, value] : body.items()) {
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    std::string allowed;
    for (std::string_view field : known) allowed += (allowed.empty() ? "" : ", ") + std::string(field);
    throw Error(ErrorCode::INVALID_REQUEST, "unknown field '" + name + "' (" + allowed + ")");
  }
}

nlohmann::json optional_time_json(const std::optional<TimeMs>& ms) {
  return ms ? nlohmann::json(format_rfc3339(*ms)) : nlohmann::json(nullptr);
}

std::optional<TimeMs> parse_expires_at(const nlohmann::json& body, TimeMs max_ahead_ms,
                                       const std::string& max_ahead_text) {
  auto it = body.find("expires_at");
  if (it == body.end() || it->is_null()) return std::nullopt;
  std::optional<std::int64_t> ms = it->is_string() ? parse_rfc3339(it->get<std::string>()) : std::nullopt;
  if (!ms) throw Error(ErrorCode::INVALID_REQUEST, "'expires_at' must be an RFC 3339 time or a date");
  const TimeMs now = now_ms();
  if (*ms <= now || *ms - now > max_ahead_ms)
    throw Error(ErrorCode::INVALID_REQUEST, "'expires_at' must be in the future and at most " + max_ahead_text + " away");
  return *ms;
}

}  // namespace deeptrace::api
