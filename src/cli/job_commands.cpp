// deeptrace status | list | cancel | delete | report
#include <iostream>

#include "core/job.hpp"
#include "cli/cli_error.hpp"
#include "cli/commands.hpp"
#include "cli/follow.hpp"
#include "cli/summary.hpp"

namespace deeptrace::cli {
namespace {

std::string job_path(const std::string& job_id) { return "/api/v1/jobs/" + percent_encode(job_id); }

std::string list_path(const ListOptions& options, const std::string& cursor) {
  std::string path = "/api/v1/jobs?limit=" + std::to_string(options.limit);
  auto add = [&](const char* name, const std::string& value) {
    if (!value.empty()) path += std::string("&") + name + "=" + percent_encode(value);
  };
  add("cursor", cursor);
  add("q", options.search);
  add("status", options.status);
  add("verdict", options.verdict);
  add("created_after", options.since);
  add("created_before", options.until);
  if (options.oldest_first) path += "&order=oldest";
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
    Json page = client.get(list_path(options, cursor));
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

ExitCode run_delete(const ApiClient& client, const std::vector<std::string>& job_ids, std::ostream& out) {
  ExitCode outcome = ExitCode::Ok;
  for (const std::string& id : job_ids) {
    try {
      client.remove(job_path(id));
      out << "Deleted job " << id << " with its upload and artifacts\n";
    } catch (const CliError& e) {
      if (e.exit_code() != ExitCode::Rejected) throw;  // the server is unreachable: so for the rest too
      print_error("job " + id, e.code(), e.what());
      outcome = worse(outcome, e.exit_code());
    }
  }
  return outcome;
}

ExitCode run_report(const ApiClient& client, const std::string& job_id, bool json, std::ostream& out) {
  Json job = client.get(job_path(job_id));
  out << (json ? job.dump(2) + "\n" : job_summary(job, client.url()));
  return exit_code_for(job);
}

}  // namespace deeptrace::cli
