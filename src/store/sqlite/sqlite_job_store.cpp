// SqliteJobStore: creation, claiming and the lease-fenced worker writes.
// Read-only queries and owner operations are in sqlite_job_queries.cpp.
#include "store/sqlite/sqlite_job_store.hpp"

#include "core/random.hpp"
#include "core/time.hpp"
#include "store/job_rules.hpp"
#include "store/sqlite/sqlite_job_row.hpp"
#include "store/sqlite/sqlite_schema.hpp"

namespace deeptrace {
namespace {

using sqlite::ImmediateTransaction;
using sqlite::Statement;

std::string with_job_columns(std::string_view prefix, std::string_view suffix = "") {
  return std::string(prefix) + std::string(sqlite::kJobColumns) + std::string(suffix);
}

// Claim candidates, pre-filtered in SQL for speed: the best runnable PENDING
// job and the best expired PROCESSING job that may be retried, best first.
// Each branch walks the jobs_claim index in order and stops at its first
// match, so a claim costs O(log n) instead of sorting the whole queue (an OR
// across both statuses would do that). Whether a candidate is taken is
// decided by claimable() (job_rules.hpp).
#define DEEPTRACE_CLAIM_ORDER "ORDER BY priority DESC, created_at ASC, id ASC"
constexpr std::string_view kClaimCandidates =
    "SELECT id FROM ("
    "SELECT * FROM (SELECT id, priority, created_at FROM jobs WHERE status='PENDING' "
    "AND run_after<=?1 " DEEPTRACE_CLAIM_ORDER " LIMIT 1) UNION ALL "
    "SELECT * FROM (SELECT id, priority, created_at FROM jobs WHERE status='PROCESSING' "
    "AND lease_expires_at<?1 AND attempts<max_attempts AND cancel_requested=0 " DEEPTRACE_CLAIM_ORDER
    " LIMIT 1)) " DEEPTRACE_CLAIM_ORDER;
#undef DEEPTRACE_CLAIM_ORDER

std::vector<std::string> collect_ids(Statement& select) {
  std::vector<std::string> ids;
  while (select.step()) ids.push_back(select.text(0));
  return ids;
}

}  // namespace

SqliteJobStore::SqliteJobStore(const std::filesystem::path& file, std::chrono::milliseconds busy_timeout)
    : connection_(file, busy_timeout) {
  sqlite::migrate(connection_);
}

CreateResult SqliteJobStore::create(const NewJob& request) {
  validate_new_job(request);
  std::lock_guard lock(mutex_);
  ImmediateTransaction tx(connection_);
  Job job = new_pending_job(request, new_job_id(), now_ms());
  // A duplicate idempotency key hits the partial UNIQUE index and inserts nothing.
  Statement insert(connection_,
                   "INSERT INTO jobs (id, owner, status, priority, attempts, max_attempts, "
                   "idempotency_key, run_after, created_at, updated_at, media_sha256, media, "
                   "options, progress) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
                   "?12, ?13, ?14) ON CONFLICT DO NOTHING");
  insert.bind(1, job.id).bind(2, job.owner).bind(3, status_name(job.status)).bind(4, job.priority);
  insert.bind(5, job.attempts).bind(6, job.max_attempts).bind(7, job.idempotency_key);
  insert.bind(8, job.run_after).bind(9, job.created_at).bind(10, job.updated_at).bind(11, job.media.sha256);
  insert.bind(12, media_to_json(job.media).dump()).bind(13, options_to_json(job.options).dump());
  insert.bind(14, progress_to_json(job.progress).dump());
  bool created = insert.run() == 1;
  std::optional<Job> stored = created ? get_locked(job.id)
                                      : find_by_idempotency_key(job.owner, job.idempotency_key.value_or(""));
  if (!stored) throw Error(ErrorCode::INTERNAL, "job insert conflicted without an idempotency key");
  if (created) record_upload(job);
  tx.commit();
  return {std::move(*stored), created};
}

// In the job's own transaction: an upload is in the ledger exactly when its
// job was created. Entries past the longest window go on the way.
void SqliteJobStore::record_upload(const Job& job) {
  Statement insert(connection_, "INSERT INTO upload_ledger (owner, created_at, bytes) VALUES (?1, ?2, ?3)");
  insert.bind(1, job.owner).bind(2, job.created_at).bind(3, job.media.size).run();
  Statement prune(connection_, "DELETE FROM upload_ledger WHERE created_at<?1");
  prune.bind(1, job.created_at - kUploadLedgerKeepMs).run();
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

// Read, decide with the shared rules, write: all inside one BEGIN IMMEDIATE
// transaction, so two claimers (threads or processes) can never both win a job.
std::optional<Job> SqliteJobStore::claim(const std::string& worker_id, std::chrono::milliseconds lease) {
  std::lock_guard lock(mutex_);
  ImmediateTransaction tx(connection_);
  TimeMs now = now_ms();
  reap_expired_leases(now);
  std::optional<Job> claimed;
  Statement candidates(connection_, kClaimCandidates);
  candidates.bind(1, now);
  for (const auto& id : collect_ids(candidates)) {
    auto candidate = get_locked(id);
    if (!candidate || !claimable(*candidate, now)) continue;
    claimed = apply_claim(std::move(*candidate), Lease{new_lease_token(), worker_id, now + lease.count()}, now);
    sqlite::write_job_state(connection_, *claimed);
    break;
  }
  tx.commit();
  return claimed;
}

// Expired leases that cannot be retried end here (apply_reap decides how);
// the SQL only narrows the rows to PROCESSING jobs whose lease ran out.
void SqliteJobStore::reap_expired_leases(TimeMs now) {
  Statement expired(connection_, "SELECT id FROM jobs WHERE status='PROCESSING' AND lease_expires_at<?1");
  expired.bind(1, now);
  for (const auto& id : collect_ids(expired)) {
    auto job = get_locked(id);
    if (job && needs_reaping(*job, now)) sqlite::write_job_state(connection_, apply_reap(std::move(*job), now));
  }
}

template <typename Change>
LeaseCheck SqliteJobStore::change_leased(const std::string& job_id, const std::string& lease_id, Change change) {
  std::lock_guard lock(mutex_);
  ImmediateTransaction tx(connection_);
  auto before = get_locked(job_id);
  if (!before || !holds_lease(*before, lease_id)) return LeaseCheck::Lost;
  LeasedChange changed = change(std::move(*before), now_ms());
  sqlite::write_job_state(connection_, changed.job);
  tx.commit();
  return changed.outcome;
}

LeaseCheck SqliteJobStore::heartbeat(const std::string& job_id, const std::string& lease_id,
                                     std::chrono::milliseconds lease,
                                     const std::optional<Progress>& progress) {
  return change_leased(job_id, lease_id, [&](Job job, TimeMs now) {
    return apply_heartbeat(std::move(job), now + lease.count(), progress, now);
  });
}

LeaseCheck SqliteJobStore::complete(const std::string& job_id, const std::string& lease_id,
                                    const Json& result) {
  return change_leased(job_id, lease_id, [&](Job job, TimeMs now) {
    return LeasedChange{apply_complete(std::move(job), result, now)};
  });
}

LeaseCheck SqliteJobStore::acknowledge_cancel(const std::string& job_id, const std::string& lease_id) {
  return change_leased(job_id, lease_id, [&](Job job, TimeMs now) {
    return LeasedChange{apply_acknowledge_cancel(std::move(job), now)};
  });
}

LeaseCheck SqliteJobStore::fail(const std::string& job_id, const std::string& lease_id,
                                const JobError& error, const BackoffPolicy& backoff) {
  return change_leased(job_id, lease_id, [&](Job job, TimeMs now) {
    TimeMs delay = backoff.delay_ms(job.attempts);
    return LeasedChange{apply_failure(std::move(job), error, delay, now)};
  });
}

LeaseCheck SqliteJobStore::release(const std::string& job_id, const std::string& lease_id) {
  return change_leased(job_id, lease_id, [&](Job job, TimeMs now) { return apply_release(std::move(job), now); });
}

}  // namespace deeptrace
