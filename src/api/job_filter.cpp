#include "api/job_filter.hpp"

#include "api/filename.hpp"
#include "core/errors.hpp"
#include "core/time.hpp"
#include "report/report.hpp"

namespace deeptrace::api {
namespace {

// The parameter's value, unless it is absent or empty.
const std::string* present(const std::map<std::string, std::string>& query, const std::string& name) {
  auto it = query.find(name);
  return it == query.end() || it->second.empty() ? nullptr : &it->second;
}

[[noreturn]] void refuse(const std::string& name, const std::string& accepted) {
  throw Error(ErrorCode::INVALID_REQUEST, "query parameter '" + name + "' must be " + accepted);
}

std::string names_of_statuses() {
  std::string names;
  for (JobStatus status : all_statuses()) names += (names.empty() ? "" : ", ") + std::string(status_name(status));
  return names;
}

std::string names_of_verdicts() {
  std::string names;
  for (report::Verdict verdict : report::all_verdicts())
    names += (names.empty() ? "" : ", ") + std::string(report::verdict_name(verdict));
  return names;
}

std::optional<TimeMs> time_parameter(const std::map<std::string, std::string>& query, const std::string& name) {
  const std::string* value = present(query, name);
  if (!value) return std::nullopt;
  std::optional<std::int64_t> ms = parse_rfc3339(*value);
  if (!ms) refuse(name, "an RFC 3339 time (2026-12-01T09:30:00Z) or a date (2026-12-01)");
  return *ms;
}

}  // namespace

JobFilter parse_job_filter(const std::map<std::string, std::string>& query) {
  JobFilter filter;
  if (const std::string* q = present(query, "q")) {
    if (q->size() > kMaxSearchLength) refuse("q", "at most " + std::to_string(kMaxSearchLength) + " bytes");
    if (!is_valid_utf8(*q)) refuse("q", "UTF-8 text");
    filter.filename_contains = *q;
  }
  if (const std::string* status = present(query, "status")) {
    filter.status = parse_status(*status);
    if (!filter.status) refuse("status", "one of " + names_of_statuses());
  }
  if (const std::string* verdict = present(query, "verdict")) {
    if (!report::parse_verdict(*verdict)) refuse("verdict", "one of " + names_of_verdicts());
    filter.verdict = *verdict;
  }
  filter.created_from = time_parameter(query, "created_after");
  filter.created_before = time_parameter(query, "created_before");
  if (const std::string* order = present(query, "order")) {
    if (*order != "newest" && *order != "oldest") refuse("order", "newest or oldest");
    filter.oldest_first = *order == "oldest";
  }
  return filter;
}

}  // namespace deeptrace::api
