#pragma once
// The names of where models run and video decodes (--device,
// --decode-device): "cpu", "cuda" (CUDA's default device) or "cuda:N".
#include <optional>
#include <regex>
#include <string>

namespace deeptrace {

// A device name parsed: none when `name` is not one; else the CUDA device
// index, "" for "cuda" and none for "cpu".
inline std::optional<std::optional<std::string>> parse_device_name(const std::string& name) {
  static const std::regex syntax("cpu|cuda(:([0-9]+))?");
  std::smatch match;
  if (!std::regex_match(name, match, syntax)) return std::nullopt;
  if (name == "cpu") return std::optional<std::string>{};
  return std::optional<std::string>{match[2].str()};
}

}  // namespace deeptrace
