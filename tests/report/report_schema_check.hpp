#pragma once
// Test helper: checks a document against docs/report.schema.json with a real
// JSON Schema 2020-12 validator (python3-jsonschema, through
// tests/support/validate_json.py), so C++ and pytest suites hold every report
// they produce to the same published contract.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace deeptrace::testing {

// The whole report, or one of the schema's $defs (e.g. "Timeline").
::testing::AssertionResult matches_report_schema(const nlohmann::json& document, const std::string& definition = "");

inline void expect_valid_report(const nlohmann::json& report) { EXPECT_TRUE(matches_report_schema(report)); }
inline void expect_valid_timeline(const nlohmann::json& timeline) {
  EXPECT_TRUE(matches_report_schema(timeline, "Timeline"));
}

}  // namespace deeptrace::testing
