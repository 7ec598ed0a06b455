#include "cli/follow.hpp"

#include <chrono>
#include <optional>
#include <thread>

#include "core/job.hpp"
#include "cli/cli_error.hpp"
#include "cli/sse.hpp"

namespace deeptrace::cli {
namespace {

constexpr int kMaxReopens = 5;
constexpr auto kReopenDelay = std::chrono::seconds(1);

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Reads one stream to its end; returns the terminal job if one arrived.
std::optional<Json> read_stream(EventStream& stream, ProgressView& view, Clock::time_point start) {
  SseParser parser;
  while (auto chunk = stream.read_some()) {
    for (const SseEvent& event : parser.feed(*chunk)) {
      if (event.event != "status" && event.event != "progress") continue;
      Json job = Json::parse(event.data, nullptr, false);
      if (job.is_discarded()) throw rejected("", "the server sent an event that is not JSON");
      view.job(job_snapshot(job, seconds_since(start)));
      if (is_terminal_status(job.value("status", ""))) return job;
    }
  }
  return std::nullopt;
}

}  // namespace

ExitCode exit_code_for(const Json& job) {
  switch (parse_status(job.value("status", "")).value_or(JobStatus::Pending)) {
    case JobStatus::Completed: return ExitCode::Ok;
    case JobStatus::Failed: return ExitCode::JobFailed;
    case JobStatus::Cancelled: return ExitCode::Cancelled;
    case JobStatus::Pending:
    case JobStatus::Processing: return ExitCode::NotFinished;
  }
  return ExitCode::NotFinished;
}

Json follow_job(const ApiClient& client, const std::string& job_id, ProgressView& view) {
  Clock::time_point start = Clock::now();
  for (int attempt = 0;; ++attempt) {
    EventStream stream = client.events(job_id);
    std::optional<Json> done = read_stream(stream, view, start);
    if (!done) {
      // The stream closed before the end (server restart): the job itself says where it is.
      Json job = client.get("/api/v1/jobs/" + percent_encode(job_id));
      if (is_terminal_status(job.value("status", ""))) done = job;
    }
    if (done) {
      view.finish();
      return *done;
    }
    if (attempt + 1 >= kMaxReopens) {
      view.finish();
      throw network_error("the event stream of job " + job_id + " kept closing before the job finished");
    }
    std::this_thread::sleep_for(kReopenDelay);
  }
}

}  // namespace deeptrace::cli
