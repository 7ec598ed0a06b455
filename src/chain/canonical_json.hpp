#pragma once
// RFC 8785 JSON Canonicalization Scheme: the one byte form of a report that
// both the C++ side and the TypeScript anchor service hash. The rules are in
// docs/anchoring.md §1; shared vectors in tests/vectors/report_digest.json.
#include <string>

#include <nlohmann/json.hpp>

namespace deeptrace::chain {

// Throws Error(INVALID_REQUEST) for NaN/infinite numbers or invalid UTF-8.
std::string canonical_json(const nlohmann::json& value);

// ECMAScript Number.prototype.toString of a finite double ("1e-7", "0.1", "1e+21").
std::string ecmascript_number(double value);

}  // namespace deeptrace::chain
