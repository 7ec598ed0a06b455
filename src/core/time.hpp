#pragma once
#include <chrono>
#include <cstdint>
#include <string>

namespace deeptrace {

std::int64_t now_ms();
// 2026-11-25T11:34:05.123Z
std::string format_rfc3339(std::int64_t ms);

}  // namespace deeptrace
