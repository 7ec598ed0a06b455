#pragma once
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace deeptrace {

std::int64_t now_ms();
// 2026-11-25T11:34:05.123Z
std::string format_rfc3339(std::int64_t ms);
// Milliseconds since the epoch of an RFC 3339 time (2026-11-25T11:34:05Z,
// with a fraction and any offset) or of a plain date (2026-11-25, taken as
// midnight UTC); nullopt for anything else, impossible dates included.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

}  // namespace deeptrace
