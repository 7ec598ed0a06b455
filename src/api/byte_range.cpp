#include "api/byte_range.hpp"

#include <charconv>
#include <limits>

namespace deeptrace::api {
namespace {

// Digits only (no sign, no spaces); nullopt for anything else or overflow.
std::optional<std::int64_t> read_position(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.front() == '-' || text.front() == '+')
    return std::nullopt;
  return value;
}

}  // namespace

RangeRequest parse_range(std::string_view header, std::int64_t size) {
  constexpr std::string_view kUnit = "bytes=";
  if (header.substr(0, kUnit.size()) != kUnit) return {};
  std::string_view spec = header.substr(kUnit.size());
  if (spec.find(',') != std::string_view::npos) return {};
  std::size_t dash = spec.find('-');
  if (dash == std::string_view::npos) return {};
  std::string_view first_text = spec.substr(0, dash), last_text = spec.substr(dash + 1);

  if (first_text.empty()) {  // bytes=-N: the last N bytes
    std::optional<std::int64_t> suffix = read_position(last_text);
    if (!suffix) return {};
    if (*suffix == 0 || size == 0) return {.range = std::nullopt, .unsatisfiable = true};
    return {.range = ByteRange{std::max<std::int64_t>(0, size - *suffix), size - 1}};
  }
  std::optional<std::int64_t> first = read_position(first_text);
  if (!first) return {};
  std::int64_t last = std::numeric_limits<std::int64_t>::max();
  if (!last_text.empty()) {
    std::optional<std::int64_t> given = read_position(last_text);
    if (!given || *given < *first) return {};
    last = *given;
  }
  if (*first >= size) return {.range = std::nullopt, .unsatisfiable = true};
  return {.range = ByteRange{*first, std::min(last, size - 1)}};
}

}  // namespace deeptrace::api
