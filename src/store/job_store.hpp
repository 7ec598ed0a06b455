#pragma once
// JobStore: the database is the single source of truth for job state.
// Every backend (SQLite in store/sqlite/, MongoDB in store/mongo/) implements
// this interface, applies the state rules of job_rules.hpp, and passes the
// same conformance suite in tests/store/.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/job.hpp"

namespace deeptrace {

struct NewJob {
  std::string owner;
  int priority = 0;
  int max_attempts = Job::kDefaultMaxAttempts;
  MediaInfo media;
  JobOptions options;
  std::optional<std::string> idempotency_key;  // unique per owner
};

// Throws Error(INVALID_REQUEST); every backend calls it before creating a job.
void validate_new_job(const NewJob& request);

struct CreateResult {
  Job job;
  bool created = false;  // false: an existing job was returned for the idempotency key
};

// What a worker's write learns about its lease.
enum class LeaseCheck {
  Ok,               // write applied
  CancelRequested,  // write applied; the job was cancelled, stop and acknowledge
  Lost,             // stale token: nothing changed, another claim owns the job
};

enum class CancelOutcome { NotFound, Cancelled, Flagged, AlreadyFinished };

struct BackoffPolicy {
  std::chrono::milliseconds base{1000};
  std::chrono::milliseconds max{60000};
  // delay = min(max, base * 2^(attempt-1)) * (0.5 + random in [0, 0.5])
  TimeMs delay_ms(int attempt) const;
};

// What a history list shows: every field optional, all must match.
struct JobFilter {
  std::optional<std::string> filename_contains{};  // case-insensitive (ASCII letters) substring of media.filename
  std::optional<JobStatus> status{};
  std::optional<std::string> verdict{};  // the report's verdict; jobs without a result never match
  std::optional<TimeMs> created_from{};   // inclusive
  std::optional<TimeMs> created_before{};  // exclusive
  bool oldest_first = false;
};

enum class DeleteOutcome { Deleted, NotFound, StillRunning };

struct DeleteResult {
  DeleteOutcome outcome = DeleteOutcome::NotFound;
  // The deleted job's blobs (its media and artifacts) that no remaining job
  // references: the caller removes them from the media store.
  std::vector<std::string> orphaned;
};

struct JobPage {
  std::vector<Job> jobs;
  std::optional<std::string> next_cursor;  // absent on the last page
};

struct QueueStats {
  std::map<JobStatus, std::int64_t> by_status;
  std::optional<TimeMs> oldest_pending_created_at;  // among runnable PENDING jobs
  std::int64_t stuck = 0;  // PROCESSING with an expired lease
};

// Uploads an owner made since some time, for quotas. They come from a
// ledger that deleting or purging jobs does not shrink, so deleting a job
// does not give its bytes back. Idempotent replays are not uploads.
struct UploadUsage {
  std::int64_t jobs = 0;
  std::int64_t bytes = 0;
  std::optional<TimeMs> earliest;  // the oldest upload in the window, if any
};

// The ledger keeps uploads at least this long (the longest quota window is a day).
inline constexpr TimeMs kUploadLedgerKeepMs = 25LL * 3600 * 1000;

struct WorkerBeat {
  std::string worker_id;
  TimeMs last_seen = 0;
  std::optional<std::string> job_id;
};

class JobStore {
 public:
  virtual ~JobStore() = default;

  virtual CreateResult create(const NewJob& request) = 0;

  // One atomic step: the best PENDING job whose run_after has passed, or a
  // PROCESSING job whose lease expired; a fresh lease token, attempts + 1.
  // Taking over an expired lease appends WORKER_LOST for the lost attempt to
  // error_history (and sets error). Jobs that expired with no attempts left
  // become FAILED (WORKER_LOST) instead, and expired jobs whose cancel was
  // requested become CANCELLED.
  virtual std::optional<Job> claim(const std::string& worker_id, std::chrono::milliseconds lease) = 0;

  // Extends the lease; optionally records progress. Fenced by lease token.
  virtual LeaseCheck heartbeat(const std::string& job_id, const std::string& lease_id,
                               std::chrono::milliseconds lease,
                               const std::optional<Progress>& progress) = 0;
  virtual LeaseCheck complete(const std::string& job_id, const std::string& lease_id,
                              const Json& result) = 0;
  // Retryable with attempts left -> PENDING after backoff; else FAILED.
  virtual LeaseCheck fail(const std::string& job_id, const std::string& lease_id,
                          const JobError& error, const BackoffPolicy& backoff) = 0;
  // Graceful shutdown: back to PENDING, the attempt is not spent.
  virtual LeaseCheck release(const std::string& job_id, const std::string& lease_id) = 0;
  // The worker saw cancel_requested: PROCESSING -> CANCELLED.
  virtual LeaseCheck acknowledge_cancel(const std::string& job_id, const std::string& lease_id) = 0;

  // Owner-scoped: another owner's job is NotFound.
  virtual CancelOutcome cancel(const std::string& job_id, const std::string& owner) = 0;
  virtual std::optional<Job> get(const std::string& job_id) = 0;
  // Newest first (or oldest, as the filter says); cursor is opaque (from a
  // previous page of the same filter). Throws Error(INVALID_CURSOR) on a
  // malformed cursor.
  virtual JobPage list(const std::string& owner, int limit, const std::optional<std::string>& cursor,
                       const JobFilter& filter) = 0;
  // Owner-scoped: another owner's job is NotFound. A PENDING or PROCESSING
  // job is StillRunning and stays (cancel it first).
  virtual DeleteResult remove(const std::string& job_id, const std::string& owner) = 0;
  // PENDING jobs a worker will claim before `job` (higher priority, or the
  // same and older), of every owner: its place in the queue.
  virtual std::int64_t jobs_ahead(const Job& job) = 0;
  // Jobs whose updated_at >= since (for the API's SSE fan-out), oldest change first.
  virtual std::vector<Job> updated_since(TimeMs since, int limit) = 0;
  // Deletes COMPLETED/FAILED/CANCELLED jobs finished before the cut-off;
  // returns their blobs (media and artifacts) no remaining job references.
  virtual std::vector<std::string> purge_finished_before(TimeMs cutoff) = 0;

  // Quotas: the owner's uploads with created_at >= since, and its jobs that
  // have not ended (PENDING or PROCESSING).
  virtual UploadUsage uploads_since(const std::string& owner, TimeMs since) = 0;
  virtual std::int64_t active_jobs(const std::string& owner) = 0;

  virtual QueueStats stats() = 0;
  virtual void record_worker_beat(const WorkerBeat& beat) = 0;
  virtual std::vector<WorkerBeat> worker_beats(TimeMs since) = 0;

  // Throws Error(STORE_UNAVAILABLE) when the database cannot be reached.
  virtual void ping() = 0;
};

}  // namespace deeptrace
