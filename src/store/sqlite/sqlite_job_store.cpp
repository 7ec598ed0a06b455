// SqliteJobStore: creation, claiming and the lease-fenced worker writes.
// Read-only queries and owner operations are in sqlite_job_queries.cpp.
#include "store/sqlite/sqlite_job_store.hpp"

#include "core/random.hpp"
#include "core/time.hpp"
#include "store/sqlite/sqlite_job_row.hpp"
#include "store/sqlite/sqlite_schema.hpp"

namespace deeptrace {
namespace {

using sqlite::ImmediateTransaction;
using sqlite::Statement;

std::string with_job_columns(std::string_view prefix, std::string_view suffix = "") {
  return std::string(prefix) + std::string(sqlite::kJobColumns) + std::string(suffix);
}

// Claim candidates: the best runnable PENDING job and the best expired
// PROCESSING job that may be retried. Each branch walks the jobs_claim index
// in order and stops at its first match, so a claim costs O(log n) instead
// of sorting the whole queue (an OR across both statuses would do that).
#define DEEPTRACE_CLAIM_ORDER "ORDER BY priority DESC, created_at ASC, id ASC LIMIT 1"
constexpr std::string_view kClaimOrder = DEEPTRACE_CLAIM_ORDER;
constexpr std::string_view kBestPending =
    "SELECT * FROM (SELECT id, priority, created_at FROM jobs WHERE status='PENDING' "
    "AND run_after<=?4 " DEEPTRACE_CLAIM_ORDER ")";
constexpr std::string_view kBestExpired =
    "SELECT * FROM (SELECT id, priority, created_at FROM jobs WHERE status='PROCESSING' "
    "AND lease_expires_at<?4 AND attempts<max_attempts AND cancel_requested=0 " DEEPTRACE_CLAIM_ORDER ")";
#undef DEEPTRACE_CLAIM_ORDER

// Columns a job loses when it leaves PROCESSING.
constexpr std::string_view kClearLease = "lease_id=NULL, lease_owner=NULL, lease_expires_at=NULL";

}  // namespace

SqliteJobStore::SqliteJobStore(const std::filesystem::path& file, std::chrono::milliseconds busy_timeout)
    : connection_(file, busy_timeout) {
  sqlite::migrate(connection_);
}

CreateResult SqliteJobStore::create(const NewJob& request) {
  validate_new_job(request);
  std::lock_guard lock(mutex_);
  ImmediateTransaction tx(connection_);
  TimeMs now = now_ms();
  std::string id = new_job_id();
  // A duplicate idempotency key hits the partial UNIQUE index and inserts nothing.
  Statement insert(connection_,
                   "INSERT INTO jobs (id, owner, status, priority, attempts, max_attempts, "
                   "idempotency_key, run_after, created_at, updated_at, media_sha256, media, "
                   "options, progress) VALUES (?1, ?2, 'PENDING', ?3, 0, ?4, ?5, ?6, ?6, ?6, ?7, "
                   "?8, ?9, ?10) ON CONFLICT DO NOTHING");
  insert.bind(1, id).bind(2, request.owner).bind(3, request.priority).bind(4, request.max_attempts);
  insert.bind(5, request.idempotency_key).bind(6, now).bind(7, request.media.sha256);
  insert.bind(8, media_to_json(request.media).dump()).bind(9, options_to_json(request.options).dump());
  insert.bind(10, progress_to_json(Progress{}).dump());
  bool created = insert.run() == 1;
  std::optional<Job> job = created ? get_locked(id)
                                   : find_by_idempotency_key(request.owner, request.idempotency_key.value_or(""));
  if (!job) throw Error(ErrorCode::INTERNAL, "job insert conflicted without an idempotency key");
  tx.commit();
  return {std::move(*job), created};
}

std::optional<Job> SqliteJobStore::find_by_idempotency_key(const std::string& owner, const std::string& key) {
  Statement select(connection_,
                   with_job_columns("SELECT ", " FROM jobs WHERE owner=?1 AND idempotency_key=?2"));
  select.bind(1, owner).bind(2, key);
  if (!select.step()) return std::nullopt;
  return sqlite::job_from_row(select);
}

std::optional<Job> SqliteJobStore::get_locked(const std::string& job_id) {
  Statement select(connection_, with_job_columns("SELECT ", " FROM jobs WHERE id=?1"));
  select.bind(1, job_id);
  if (!select.step()) return std::nullopt;
  return sqlite::job_from_row(select);
}

std::optional<Job> SqliteJobStore::claim(const std::string& worker_id, std::chrono::milliseconds lease) {
  // The claim below moves PENDING or (expired) PROCESSING jobs to PROCESSING.
  require_transition(JobStatus::Pending, JobStatus::Processing);
  require_transition(JobStatus::Processing, JobStatus::Processing);
  std::lock_guard lock(mutex_);
  ImmediateTransaction tx(connection_);
  TimeMs now = now_ms();
  reap_expired_leases(now);
  // One statement picks and leases the job, so two claimers can never both win it.
  // Taking over an expired lease records the attempt its worker lost (the
  // right-hand `attempts` is the value before this claim's increment).
  Statement claim(connection_, with_job_columns(
      "UPDATE jobs SET status='PROCESSING', lease_id=?1, lease_owner=?2, lease_expires_at=?3, "
      "attempts=attempts+1, started_at=COALESCE(started_at, ?4), updated_at=?4, "
      "progress=json_set(progress, '$.stage', 'starting'), "
      "error=CASE WHEN status='PROCESSING' THEN json(?5) ELSE error END, "
      "error_history=CASE WHEN status='PROCESSING' THEN json_insert(error_history, '$[#]', "
      "json_set(json(?5), '$.attempt', attempts, '$.at', ?4)) ELSE error_history END "
      "WHERE id = (SELECT id FROM (" + std::string(kBestPending) + " UNION ALL " +
      std::string(kBestExpired) + ") " + std::string(kClaimOrder) + ") RETURNING "));
  claim.bind(1, new_lease_token()).bind(2, worker_id).bind(3, now + lease.count()).bind(4, now);
  claim.bind(5, error_to_json(lost_lease_error(true)).dump());
  std::optional<Job> job;
  if (claim.step()) job = sqlite::job_from_row(claim);
  claim.run();  // finish the statement before COMMIT
  tx.commit();
  return job;
}

// Expired leases that cannot be retried end here: a requested cancel wins,
// otherwise a job with no attempts left fails with WORKER_LOST.
void SqliteJobStore::reap_expired_leases(TimeMs now) {
  require_transition(JobStatus::Processing, JobStatus::Cancelled);
  Statement cancelled(connection_,
                      "UPDATE jobs SET status='CANCELLED', finished_at=?1, updated_at=?1, " +
                          std::string(kClearLease) +
                          " WHERE status='PROCESSING' AND lease_expires_at<?1 AND cancel_requested=1");
  cancelled.bind(1, now).run();

  require_transition(JobStatus::Processing, JobStatus::Failed);
  JobError lost = lost_lease_error(false);
  Statement failed(connection_,
                   "UPDATE jobs SET status='FAILED', error=json(?2), error_history=json_insert("
                   "error_history, '$[#]', json_set(json(?2), '$.attempt', attempts, '$.at', ?1)), "
                   "finished_at=?1, updated_at=?1, " + std::string(kClearLease) +
                       " WHERE status='PROCESSING' AND lease_expires_at<?1 AND attempts>=max_attempts");
  failed.bind(1, now).bind(2, error_to_json(lost).dump()).run();
}

LeaseCheck SqliteJobStore::heartbeat(const std::string& job_id, const std::string& lease_id,
                                     std::chrono::milliseconds lease,
                                     const std::optional<Progress>& progress) {
  std::lock_guard lock(mutex_);
  TimeMs now = now_ms();
  std::optional<std::string> progress_json;
  if (progress) progress_json = progress_to_json(*progress).dump();
  // updated_at moves only with progress, so idle heartbeats do not flood updated_since().
  Statement update(connection_,
                   "UPDATE jobs SET lease_expires_at=?1, progress=COALESCE(json(?2), progress), "
                   "updated_at=CASE WHEN ?2 IS NULL THEN updated_at ELSE ?3 END "
                   "WHERE id=?4 AND lease_id=?5 AND status='PROCESSING' RETURNING cancel_requested");
  update.bind(1, now + lease.count()).bind(2, progress_json).bind(3, now);
  update.bind(4, job_id).bind(5, lease_id);
  if (!update.step()) return LeaseCheck::Lost;
  bool cancel_requested = update.int64(0) != 0;
  update.run();
  return cancel_requested ? LeaseCheck::CancelRequested : LeaseCheck::Ok;
}

LeaseCheck SqliteJobStore::complete(const std::string& job_id, const std::string& lease_id,
                                    const Json& result) {
  std::lock_guard lock(mutex_);
  return finish_fenced(job_id, lease_id, JobStatus::Completed, result);
}

LeaseCheck SqliteJobStore::acknowledge_cancel(const std::string& job_id, const std::string& lease_id) {
  std::lock_guard lock(mutex_);
  return finish_fenced(job_id, lease_id, JobStatus::Cancelled, std::nullopt);
}

// PROCESSING -> COMPLETED / CANCELLED in one fenced statement.
LeaseCheck SqliteJobStore::finish_fenced(const std::string& job_id, const std::string& lease_id,
                                         JobStatus to, const std::optional<Json>& result) {
  require_transition(JobStatus::Processing, to);
  bool completed = to == JobStatus::Completed;
  std::optional<std::string> result_json;
  if (result) result_json = result->dump();
  Statement update(connection_,
                   "UPDATE jobs SET status=?1, result=?2, finished_at=?3, updated_at=?3, " +
                       std::string(kClearLease) + (completed ? ", error=NULL, progress=json_set(progress, '$.stage', 'done')" : "") +
                       " WHERE id=?4 AND lease_id=?5 AND status='PROCESSING'");
  update.bind(1, status_name(to)).bind(2, result_json).bind(3, now_ms());
  update.bind(4, job_id).bind(5, lease_id);
  return update.run() == 1 ? LeaseCheck::Ok : LeaseCheck::Lost;
}

std::optional<SqliteJobStore::FencedRow> SqliteJobStore::read_fenced(const std::string& job_id,
                                                                     const std::string& lease_id) {
  Statement select(connection_,
                   "SELECT attempts, max_attempts, cancel_requested FROM jobs "
                   "WHERE id=?1 AND lease_id=?2 AND status='PROCESSING'");
  select.bind(1, job_id).bind(2, lease_id);
  if (!select.step()) return std::nullopt;
  return FencedRow{select.int32(0), select.int32(1), select.int64(2) != 0};
}

LeaseCheck SqliteJobStore::fail(const std::string& job_id, const std::string& lease_id,
                                const JobError& error, const BackoffPolicy& backoff) {
  std::lock_guard lock(mutex_);
  ImmediateTransaction tx(connection_);
  auto row = read_fenced(job_id, lease_id);
  if (!row) return LeaseCheck::Lost;
  TimeMs now = now_ms();
  Json record = sqlite::error_record_json(error, row->attempts, now);
  // A requested cancel suppresses the retry: nobody wants the result any more.
  bool retry = error.retryable && row->attempts < row->max_attempts && !row->cancel_requested;
  if (retry) {
    require_transition(JobStatus::Processing, JobStatus::Pending);
    retry_later(job_id, record, now + backoff.delay_ms(row->attempts));
  } else {
    require_transition(JobStatus::Processing, JobStatus::Failed);
    fail_for_good(job_id, record);
  }
  tx.commit();
  return LeaseCheck::Ok;
}

void SqliteJobStore::retry_later(const std::string& job_id, const Json& error_record, TimeMs run_after) {
  Statement update(connection_,
                   "UPDATE jobs SET status='PENDING', run_after=?1, updated_at=?2, error=?3, "
                   "error_history=json_insert(error_history, '$[#]', json(?4)), "
                   "progress=json_set(progress, '$.stage', 'queued'), " + std::string(kClearLease) +
                       " WHERE id=?5");
  update.bind(1, run_after).bind(2, error_record.at("at").get<TimeMs>());
  update.bind(3, error_to_json(error_from_json(error_record)).dump()).bind(4, error_record.dump());
  update.bind(5, job_id).run();
}

void SqliteJobStore::fail_for_good(const std::string& job_id, const Json& error_record) {
  Statement update(connection_,
                   "UPDATE jobs SET status='FAILED', finished_at=?1, updated_at=?1, error=?2, "
                   "error_history=json_insert(error_history, '$[#]', json(?3)), " +
                       std::string(kClearLease) + " WHERE id=?4");
  update.bind(1, error_record.at("at").get<TimeMs>());
  update.bind(2, error_to_json(error_from_json(error_record)).dump()).bind(3, error_record.dump());
  update.bind(4, job_id).run();
}

LeaseCheck SqliteJobStore::release(const std::string& job_id, const std::string& lease_id) {
  std::lock_guard lock(mutex_);
  ImmediateTransaction tx(connection_);
  auto row = read_fenced(job_id, lease_id);
  if (!row) return LeaseCheck::Lost;
  if (row->cancel_requested) {
    // Going back to the queue would only run a job its owner cancelled.
    finish_fenced(job_id, lease_id, JobStatus::Cancelled, std::nullopt);
    tx.commit();
    return LeaseCheck::CancelRequested;
  }
  require_transition(JobStatus::Processing, JobStatus::Pending);
  TimeMs now = now_ms();
  Statement update(connection_,
                   "UPDATE jobs SET status='PENDING', attempts=MAX(attempts-1, 0), run_after=?1, "
                   "updated_at=?1, progress=json_set(progress, '$.stage', 'queued'), " +
                       std::string(kClearLease) + " WHERE id=?2 AND lease_id=?3 AND status='PROCESSING'");
  update.bind(1, now).bind(2, job_id).bind(3, lease_id).run();
  tx.commit();
  return LeaseCheck::Ok;
}

}  // namespace deeptrace
