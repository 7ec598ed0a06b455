#pragma once
// Following a job to its end over the SSE endpoint, and what its end means
// for the exit code.
#include <string>

#include "cli/exit_codes.hpp"
#include "cli/http_client.hpp"
#include "cli/progress_view.hpp"

namespace deeptrace::cli {

// 0 for COMPLETED, JobFailed / Cancelled for the other ends, NotFinished
// while the job is still queued or running.
ExitCode exit_code_for(const Json& job);

// Streams the job's events, drawing each on `view`, until the job reaches
// COMPLETED, FAILED or CANCELLED; returns that final job document. A stream
// that ends early (server restart) is reopened.
Json follow_job(const ApiClient& client, const std::string& job_id, ProgressView& view);

}  // namespace deeptrace::cli
