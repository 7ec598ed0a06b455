// deeptrace status | list | cancel | report
#include <iostream>

#include "core/job.hpp"
#include "cli/cli_error.hpp"
#include "cli/commands.hpp"
#include "cli/follow.hpp"
#include "cli/summary.hpp"

namespace deeptrace::cli {
namespace {

std::string job_path(const std::string& job_id) { return "/api/v1/jobs/" + percent_encode(job_id); }

std::string list_path(int limit, const std::string& cursor) {
  std::string path = "/api/v1/jobs?limit=" + std::to_string(limit);
  if (!cursor.empty()) path += "&cursor=" + percent_encode(cursor);
  return path;
}

}  // namespace

void print_error(const std::string& context, const std::string& code, const std::string& message) {
  std::cerr << "deeptrace: " << (context.empty() ? "" : context + ": ") << (code.empty() ? "" : "error " + code + ": ")
            << message << "\n";
}

ExitCode worse(ExitCode a, ExitCode b) { return to_int(a) >= to_int(b) ? a : b; }

ExitCode run_status(const ApiClient& client, const std::string& job_id, bool json, std::ostream& out) {
  Json job = client.get(job_path(job_id));
  out << (json ? job.dump(2) : status_line(job)) << "\n";
  return ExitCode::Ok;
}

ExitCode run_list(const ApiClient& client, const ListOptions& options, std::ostream& out) {
  std::vector<Json> jobs;
  std::string cursor;
  do {
    Json page = client.get(list_path(options.limit, cursor));
    for (const Json& job : page.value("jobs", Json::array())) jobs.push_back(job);
    const Json& next = page["next_cursor"];
    cursor = next.is_string() ? next.get<std::string>() : "";
  } while (options.all && !cursor.empty());
  if (options.json) {
    out << Json(jobs).dump(2) << "\n";
  } else {
    out << jobs_table(jobs);
  }
  if (!cursor.empty()) std::cerr << "deeptrace: more jobs exist; use --all to list them all\n";
  return ExitCode::Ok;
}

ExitCode run_cancel(const ApiClient& client, const std::string& job_id, bool json, std::ostream& out) {
  Json job = client.post(job_path(job_id) + "/cancel");
  if (json) {
    out << job.dump(2) << "\n";
  } else if (parse_status(job.value("status", "")) == JobStatus::Cancelled) {
    out << "Job " << job_id << " CANCELLED\n";
  } else {
    out << "Cancellation requested for job " << job_id << "; its worker stops at its next heartbeat\n";
  }
  return ExitCode::Ok;
}

ExitCode run_report(const ApiClient& client, const std::string& job_id, bool json, std::ostream& out) {
  Json job = client.get(job_path(job_id));
  out << (json ? job.dump(2) + "\n" : job_summary(job, client.url()));
  return exit_code_for(job);
}

}  // namespace deeptrace::cli
