#include "core/time.hpp"

#include <ctime>
#include <cstdio>

namespace deeptrace {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string format_rfc3339(std::int64_t ms) {
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", utc.tm_year + 1900,
                utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec,
                static_cast<int>(ms % 1000));
  return buf;
}

namespace {

// Reads exactly `digits` decimal digits at `pos`, advancing it.
std::optional<int> read_number(std::string_view text, std::size_t& pos, int digits) {
  if (pos + digits > text.size()) return std::nullopt;
  int value = 0;
  for (int i = 0; i < digits; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += digits;
  return value;
}

bool read_char(std::string_view text, std::size_t& pos, std::string_view allowed) {
  if (pos >= text.size() || allowed.find(text[pos]) == std::string_view::npos) return false;
  ++pos;
  return true;
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's
// days_from_civil), so no time zone of this process is involved.
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - static_cast<int>(era * 400);
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

std::optional<std::int64_t> parse_rfc3339(std::string_view text) {
  std::size_t pos = 0;
  auto year = read_number(text, pos, 4);
  if (!year || !read_char(text, pos, "-")) return std::nullopt;
  auto month = read_number(text, pos, 2);
  if (!month || *month < 1 || *month > 12 || !read_char(text, pos, "-")) return std::nullopt;
  auto day = read_number(text, pos, 2);
  if (!day || *day < 1 || *day > days_in_month(*year, *month)) return std::nullopt;
  const std::int64_t midnight_ms = days_from_civil(*year, *month, *day) * 86400000;
  if (pos == text.size()) return midnight_ms;

  if (!read_char(text, pos, "Tt")) return std::nullopt;
  auto hour = read_number(text, pos, 2);
  if (!hour || *hour > 23 || !read_char(text, pos, ":")) return std::nullopt;
  auto minute = read_number(text, pos, 2);
  if (!minute || *minute > 59 || !read_char(text, pos, ":")) return std::nullopt;
  auto second = read_number(text, pos, 2);
  if (!second || *second > 60) return std::nullopt;  // 60: a leap second
  std::int64_t ms = 0;
  if (read_char(text, pos, ".")) {
    int scale = 100, digits = 0;
    for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, ++digits) {
      ms += (text[pos] - '0') * scale;
      scale /= 10;
    }
    if (digits == 0) return std::nullopt;
  }
  std::int64_t offset_minutes = 0;
  if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos++] == '-' ? -1 : 1;
    auto offset_hours = read_number(text, pos, 2);
    if (!offset_hours || *offset_hours > 23 || !read_char(text, pos, ":")) return std::nullopt;
    auto offset_mins = read_number(text, pos, 2);
    if (!offset_mins || *offset_mins > 59) return std::nullopt;
    offset_minutes = sign * (*offset_hours * 60 + *offset_mins);
  } else if (!read_char(text, pos, "Zz")) {
    return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  return midnight_ms + ((*hour * 60 + *minute - offset_minutes) * 60 + *second) * 1000 + ms;
}

}  // namespace deeptrace
