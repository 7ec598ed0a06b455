// deeptrace usage: the caller's quotas in force and how much of each is used
// (GET /api/v1/usage, docs/api.md "Quotas per user").
#include <cstdint>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "cli/progress.hpp"
#include "cli/text_table.hpp"

namespace deeptrace::cli {
namespace {

struct QuotaRow {
  const char* label;
  const char* quota;  // the field under "quotas"
  const char* used;   // the field under "usage"
  bool bytes;
};

constexpr QuotaRow kQuotaRows[] = {
    {"uploads in the last minute", "uploads_per_minute", "uploads_last_minute", false},
    {"jobs queued or running", "concurrent_jobs", "active_jobs", false},
    {"bytes uploaded in the last 24 h", "bytes_per_day", "bytes_last_24h", true},
};

std::string amount(std::int64_t value, bool bytes) { return bytes ? format_bytes(value) : std::to_string(value); }

}  // namespace

std::string usage_table(const Json& answer) {
  std::vector<std::vector<std::string>> rows = {{"QUOTA", "USED", "LIMIT"}};
  const Json& quotas = answer.at("quotas");
  const Json& usage = answer.at("usage");
  for (const QuotaRow& row : kQuotaRows) {
    const std::int64_t limit = quotas.value(row.quota, std::int64_t{0});
    rows.push_back({row.label, amount(usage.value(row.used, std::int64_t{0}), row.bytes),
                    limit == 0 ? "no limit" : amount(limit, row.bytes)});
  }
  return text_table(rows);
}

ExitCode run_usage(const ApiClient& client, bool json, std::ostream& out) {
  Json answer = client.get("/api/v1/usage");
  out << (json ? answer.dump(2) + "\n" : usage_table(answer));
  return ExitCode::Ok;
}

}  // namespace deeptrace::cli
