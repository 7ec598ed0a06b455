#pragma once
// The job options an upload carries, parsed from its multipart fields and
// the query string. Pure parsing, with no store, media or model dependency,
// so it unit-tests and fuzzes on its own; whether the named detectors are
// installed is checked by the upload handler against the model catalogue.
#include <map>
#include <string>
#include <vector>

#include "core/job.hpp"

namespace deeptrace::api {

// Parses a decimal integer field (optional '-', digits, nothing else), or
// throws Error(INVALID_REQUEST) naming it and the range min..max.
int parse_int_field(const std::string& name, const std::string& value, int min, int max);

// Splits a comma-separated detector list, trimming spaces and tabs around
// each item and dropping empty items ("a, ,b," -> {"a", "b"}; "" -> {}).
std::vector<std::string> split_detectors(const std::string& list);

// Reads `frames` (1..JobOptions::kMaxFrames), `detectors` (comma-separated)
// and `priority` (-100..100), each from `fields` when present there, else
// from `query`; a name in neither leaves that value as it was. Then
// validate_options(options). Throws Error(INVALID_REQUEST) for a value out
// of range or not an integer, or a detector list that is not well-formed
// UTF-8 (it is stored in the job's JSON document).
void apply_options(const std::map<std::string, std::string>& fields,
                   const std::map<std::string, std::string>& query, JobOptions& options, int& priority);

// The same options as a JSON object ({"frames": 16, "detectors": [...],
// "priority": 0}, each optional: absent ones leave the value as it was), as
// a re-run takes them. Throws Error(INVALID_REQUEST) for a wrong type, an
// unknown key or what apply_options refuses.
void apply_json_options(const nlohmann::json& body, JobOptions& options, int& priority);

}  // namespace deeptrace::api
