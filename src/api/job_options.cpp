#include "api/job_options.hpp"

#include <charconv>
#include <optional>

#include "api/filename.hpp"
#include "core/errors.hpp"

namespace deeptrace::api {

int parse_int_field(const std::string& name, const std::string& value, int min, int max) {
  int parsed = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
  if (ec != std::errc() || end != value.data() + value.size() || parsed < min || parsed > max) {
    throw Error(ErrorCode::INVALID_REQUEST, "'" + name + "' must be an integer in " + std::to_string(min) +
                                                ".." + std::to_string(max));
  }
  return parsed;
}

std::vector<std::string> split_detectors(const std::string& list) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= list.size()) {
    size_t comma = std::min(list.find(',', pos), list.size());
    std::string item = list.substr(pos, comma - pos);
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (!item.empty()) out.push_back(item);
    pos = comma + 1;
  }
  return out;
}

void apply_options(const std::map<std::string, std::string>& fields,
                   const std::map<std::string, std::string>& query, JobOptions& options, int& priority) {
  auto pick = [&](const std::string& name) -> std::optional<std::string> {
    if (auto it = fields.find(name); it != fields.end()) return it->second;
    if (auto it = query.find(name); it != query.end()) return it->second;
    return std::nullopt;
  };
  if (auto frames = pick("frames")) options.frames = parse_int_field("frames", *frames, 1, JobOptions::kMaxFrames);
  if (auto detectors = pick("detectors")) {
    // Stored in the job's JSON options, which cannot hold ill-formed UTF-8.
    if (!is_valid_utf8(*detectors)) throw Error(ErrorCode::INVALID_REQUEST, "'detectors' must be UTF-8 text");
    options.detectors = split_detectors(*detectors);
  }
  if (auto value = pick("priority")) priority = parse_int_field("priority", *value, -100, 100);
  validate_options(options);
}

void apply_json_options(const nlohmann::json& body, JobOptions& options, int& priority) {
  std::map<std::string, std::string> fields;
  for (const auto& [name, value] : body.items()) {
    if (name == "frames" || name == "priority") {
      if (!value.is_number_integer()) throw Error(ErrorCode::INVALID_REQUEST, "'" + name + "' must be an integer");
      fields[name] = std::to_string(value.get<std::int64_t>());
    } else if (name == "detectors") {
      if (!value.is_array()) throw Error(ErrorCode::INVALID_REQUEST, "'detectors' must be an array of names");
      std::string list;
      for (const auto& detector : value) {
        if (!detector.is_string()) throw Error(ErrorCode::INVALID_REQUEST, "'detectors' must be an array of names");
        list += (list.empty() ? "" : ",") + detector.get<std::string>();
      }
      fields[name] = list;
    } else {
      throw Error(ErrorCode::INVALID_REQUEST, "unknown option '" + name + "' (frames, detectors, priority)");
    }
  }
  // An empty list means the worker's default set, as in an upload.
  if (body.contains("detectors")) options.detectors.clear();
  apply_options(fields, {}, options, priority);
}

}  // namespace deeptrace::api
