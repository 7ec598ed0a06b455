#pragma once
// The job document and its lifecycle: the one definition used by the API,
// the worker and every store backend.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/errors.hpp"

namespace deeptrace {

using Json = nlohmann::json;
using TimeMs = std::int64_t;  // milliseconds since the Unix epoch, UTC

enum class JobStatus { Pending, Processing, Completed, Failed, Cancelled };

std::string_view status_name(JobStatus status);
std::optional<JobStatus> parse_status(std::string_view name);
bool is_terminal(JobStatus status);
const std::vector<JobStatus>& all_statuses();

// The allowed transitions, written once. Stores call require_transition()
// before every state change, so no backend can invent a path.
bool transition_allowed(JobStatus from, JobStatus to);
void require_transition(JobStatus from, JobStatus to);

// A job's progress stage, in the order a job passes them; the names are the
// schema's $defs.Stage (docs/report.schema.json, checked by a test).
enum class Stage { Queued, Starting, Decode, Faces, Classify, Temporal, Audio, Done };

std::string_view stage_name(Stage stage);
std::optional<Stage> parse_stage(std::string_view name);
const std::vector<Stage>& all_stages();

struct Lease {
  std::string id;     // fresh random fencing token per claim
  std::string owner;  // worker id
  TimeMs expires_at = 0;
};

struct MediaInfo {
  std::string sha256;
  std::int64_t size = 0;
  std::string filename;  // sanitised, for display only; storage is by sha256
  std::string content_type;
  std::string container;
  std::string codec;
  double duration_s = 0;
  int width = 0;
  int height = 0;
  double fps = 0;
};

struct JobOptions {
  static constexpr int kDefaultFrames = 32;
  static constexpr int kMaxFrames = 256;
  int frames = kDefaultFrames;
  std::vector<std::string> detectors;  // empty: the worker's default set
};

struct Progress {
  std::string stage{stage_name(Stage::Queued)};
  int done = 0;
  int total = 0;
};

struct JobError {
  ErrorCode code = ErrorCode::INTERNAL;
  std::string message;
  bool retryable = false;
};

struct ErrorRecord {
  JobError error;
  int attempt = 0;
  TimeMs at = 0;
};

struct Job {
  static constexpr int kDefaultMaxAttempts = 3;

  std::string id;
  std::string owner;
  JobStatus status = JobStatus::Pending;
  int priority = 0;  // higher runs first
  int attempts = 0;
  int max_attempts = kDefaultMaxAttempts;
  std::optional<Lease> lease;
  bool cancel_requested = false;
  std::optional<std::string> idempotency_key;
  TimeMs run_after = 0;
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
  std::optional<TimeMs> started_at;
  std::optional<TimeMs> finished_at;
  MediaInfo media;
  JobOptions options;
  Progress progress;
  std::optional<Json> result;
  std::optional<JobError> error;
  std::vector<ErrorRecord> error_history;
};

// Public view for API clients: no fencing token, times as RFC 3339.
Json job_to_api_json(const Job& job);

// Complete round-trippable document (lease token included), for backends that
// store documents (MongoDB) and for tests.
Json job_to_document(const Job& job);
Job job_from_document(const Json& doc);

Json media_to_json(const MediaInfo& media);
MediaInfo media_from_json(const Json& j);
Json options_to_json(const JobOptions& options);
JobOptions options_from_json(const Json& j);
Json progress_to_json(const Progress& progress);
Progress progress_from_json(const Json& j);
Json error_to_json(const JobError& error);
JobError error_from_json(const Json& j);
Json error_history_to_json(const std::vector<ErrorRecord>& history);
std::vector<ErrorRecord> error_history_from_json(const Json& j);

// Validates options a client asked for; throws Error(INVALID_REQUEST).
void validate_options(const JobOptions& options);

}  // namespace deeptrace
