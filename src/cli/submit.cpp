// deeptrace submit FILE... [--frames N] [--wait] [--json] [--cancel-on-interrupt]
#include <atomic>
#include <chrono>
#include <filesystem>
#include <iostream>

#include "cli/cli_error.hpp"
#include "cli/commands.hpp"
#include "cli/follow.hpp"
#include "cli/interrupt.hpp"
#include "cli/server_url.hpp"
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

std::string job_id_of(const Json& job) { return job.value("job_id", ""); }

// Before following: each job's id, so that an interrupted wait leaves a trace.
void announce(const std::vector<Json>& jobs, bool cancel_on_interrupt) {
  for (const Json& job : jobs)
    std::cerr << "deeptrace: job " << job_id_of(job) << " created for "
              << job.value(Json::json_pointer("/media/filename"), std::string("?")) << "\n";
  bool one = jobs.size() == 1;
  std::cerr << "deeptrace: following " << (one ? "it until it ends" : "them until they end")
            << "; Ctrl-C stops following"
            << (cancel_on_interrupt ? " and cancels what has not finished"
                                    : (one ? " (the job keeps running)" : " (the jobs keep running)"))
            << "\n";
  std::cerr.flush();
}

// After Ctrl-C: the unfinished jobs cancelled (--cancel-on-interrupt), or
// how to follow and cancel them later.
void after_interrupt(const ApiClient& client, const std::vector<Json>& unfinished, bool cancel) {
  std::cerr << "\ndeeptrace: interrupted; stopped following\n";
  for (const Json& job : unfinished) {
    std::string id = job_id_of(job);
    if (!cancel) {
      std::cerr << "deeptrace: job " << id << " keeps running: follow it with `deeptrace status " << id
                << "` or `deeptrace report " << id << "`, cancel it with `deeptrace cancel " << id << "`\n";
      continue;
    }
    try {
      Json cancelled = client.post("/api/v1/jobs/" + percent_encode(id) + "/cancel");
      std::cerr << "deeptrace: job " << id << " " << cancelled.value("status", std::string("?"))
                << (cancelled.value("status", "") == "CANCELLED" ? "" : " (cancellation requested)") << "\n";
    } catch (const CliError& e) {  // it may have ended meanwhile
      print_error(id, e.code(), e.what());
    }
  }
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
  if (!options.wait || created.empty()) return exit;
  InterruptGuard guard;  // before the announcement that Ctrl-C is handled
  announce(created, options.cancel_on_interrupt);
  // Jobs before this index have ended; the thread that follows them moves it.
  auto followed = std::make_shared<std::atomic<size_t>>(0);
  bool finished = guard.run([&client, &created, &options, &view, &out, &exit, followed] {
    for (const Json& job : created) {
      Json final_job = follow_job(client, job_id_of(job), view);
      print_job(client, final_job, options.json, out);
      report_failure(final_job, options.json);
      exit = worse(exit, exit_code_for(final_job));
      ++*followed;
    }
  }, [&view] { view.tick(); });
  if (finished) return exit;
  after_interrupt(client, {created.begin() + static_cast<std::ptrdiff_t>(followed->load()), created.end()},
                  options.cancel_on_interrupt);
  return ExitCode::Interrupted;
}

}  // namespace deeptrace::cli
