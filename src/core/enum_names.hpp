#pragma once
// Enums that cross a process boundary are spelled by one table of
// (value, name) pairs, in the order the published schema lists them; these
// read such a table both ways.
#include <array>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace deeptrace {

template <typename Enum, std::size_t N>
using EnumNames = std::array<std::pair<Enum, std::string_view>, N>;

template <typename Enum, std::size_t N>
std::string_view name_in(const EnumNames<Enum, N>& names, Enum value, std::string_view unknown = "unknown") {
  for (const auto& [v, name] : names)
    if (v == value) return name;
  return unknown;
}

template <typename Enum, std::size_t N>
std::optional<Enum> parse_in(const EnumNames<Enum, N>& names, std::string_view name) {
  for (const auto& [v, n] : names)
    if (n == name) return v;
  return std::nullopt;
}

// Every value, in the table's order.
template <typename Enum, std::size_t N>
std::vector<Enum> values_of(const EnumNames<Enum, N>& names) {
  std::vector<Enum> values;
  for (const auto& entry : names) values.push_back(entry.first);
  return values;
}

}  // namespace deeptrace
