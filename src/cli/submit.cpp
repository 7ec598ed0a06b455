// deeptrace submit FILE... [--frames N] [--wait] [--json]
#include <chrono>
#include <filesystem>
#include <iostream>

#include "cli/cli_error.hpp"
#include "cli/commands.hpp"
#include "cli/follow.hpp"
#include "cli/summary.hpp"

namespace deeptrace::cli {
namespace {

namespace fs = std::filesystem;

// Every file is checked before the first byte goes out: a typo in the
// third name should not leave two orphan jobs behind.
void require_readable(const std::vector<std::string>& files) {
  for (const std::string& file : files) {
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) throw usage_error("cannot read '" + file + "': not a regular file");
  }
}

std::optional<Json> upload_one(const ApiClient& client, const std::string& file, const SubmitOptions& options,
                               ProgressView& view) {
  auto start = std::chrono::steady_clock::now();
  std::string name = fs::path(file).filename().string();
  auto on_progress = [&](std::int64_t sent, std::int64_t total) {
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    view.upload(UploadSnapshot{name, sent, total, seconds});
  };
  try {
    Json job = client.upload(UploadRequest{file, options.frames}, on_progress);
    view.finish();
    return job;
  } catch (const CliError& e) {
    view.finish();
    if (e.exit_code() != ExitCode::Rejected) throw;
    print_error(file, e.code(), e.what());
    return std::nullopt;
  }
}

void print_job(const ApiClient& client, const Json& job, bool json, std::ostream& out) {
  if (json) {
    out << job.dump() << "\n";
  } else {
    out << job_summary(job, client.url());
  }
  out.flush();
}

// With --json the summary is not printed, so a failure's code goes to stderr.
void report_failure(const Json& job, bool json) {
  if (json && exit_code_for(job) != ExitCode::Ok) std::cerr << "deeptrace: " << outcome_line(job) << "\n";
}

}  // namespace

ExitCode run_submit(const ApiClient& client, const SubmitOptions& options, ProgressView& view, std::ostream& out) {
  require_readable(options.files);
  ExitCode exit = ExitCode::Ok;
  std::vector<Json> created;
  for (const std::string& file : options.files) {
    std::optional<Json> job = upload_one(client, file, options, view);
    if (!job) {
      exit = worse(exit, ExitCode::Rejected);
      continue;
    }
    if (!options.wait) print_job(client, *job, options.json, out);
    created.push_back(std::move(*job));
  }
  if (!options.wait) return exit;
  for (const Json& job : created) {
    Json final_job = follow_job(client, job.value("job_id", ""), view);
    print_job(client, final_job, options.json, out);
    report_failure(final_job, options.json);
    exit = worse(exit, exit_code_for(final_job));
  }
  return exit;
}

}  // namespace deeptrace::cli
