#pragma once
// Internal to deeptrace_report: how the report's optional fields are
// written and read, shared by its to_json/from_json files.
#include <optional>
#include <string>

#include "report/report.hpp"

namespace deeptrace::report::detail {

// Optional fields: null in the document, nullopt here.
template <typename T>
Json nullable(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

template <typename T>
std::optional<T> nullable_at(const Json& j, const char* name) {
  const Json& v = j.at(name);
  if (v.is_null()) return std::nullopt;
  return v.get<T>();
}

// Optional fields the schema does not require: absent, not null.
template <typename T>
void put_if(Json& j, const char* name, const std::optional<T>& value) {
  if (value) j[name] = *value;
}

template <typename T>
std::optional<T> get_if(const Json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) return std::nullopt;
  return it->get<T>();
}

// Fields written as null when unknown and read as absent or null alike (and
// nullable fields added after their object).
template <typename T>
std::optional<T> null_or_absent_at(const Json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

inline std::string enum_text(const Json& j, const char* what) {
  if (!j.is_string()) throw ReportFormatError(std::string(what) + " is not a string: " + j.dump());
  return j.get<std::string>();
}

}  // namespace deeptrace::report::detail
