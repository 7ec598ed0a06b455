#pragma once
// GET /api/v1/jobs' history filters, parsed from its query string. Pure
// parsing (no store), so it unit-tests on its own.
#include <map>
#include <string>

#include "store/job_store.hpp"

namespace deeptrace::api {

// The longest file-name search (in bytes).
constexpr std::size_t kMaxSearchLength = 200;

// Reads `q` (file-name substring), `status` (a job status), `verdict` (the
// report's), `created_after` / `created_before` (RFC 3339 times or dates)
// and `order` (newest | oldest). Absent or empty parameters filter nothing.
// Throws Error(INVALID_REQUEST) naming the parameter and what it accepts.
JobFilter parse_job_filter(const std::map<std::string, std::string>& query);

}  // namespace deeptrace::api
