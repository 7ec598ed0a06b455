// SqliteJobStore: owner operations (cancel, list), reads, maintenance and
// worker liveness. The claim/lease paths are in sqlite_job_store.cpp.
#include <algorithm>
#include <set>

#include "core/time.hpp"
#include "store/job_rules.hpp"
#include "store/sqlite/sqlite_job_row.hpp"
#include "store/sqlite/sqlite_job_store.hpp"

namespace deeptrace {
namespace {

using sqlite::ImmediateTransaction;
using sqlite::Statement;

constexpr int kMaxPageSize = 100;
constexpr int kMaxUpdatedBatch = 1000;
constexpr std::string_view kTerminalStatuses = "('COMPLETED','FAILED','CANCELLED')";

// JobFilter's fields, bound to ?4..?8 (NULL: not filtered). lower() folds
// ASCII letters only: JobFilter promises no more.
constexpr std::string_view kListFilters =
    " AND (?4 IS NULL OR instr(lower(json_extract(media,'$.filename')),lower(?4))>0)"
    " AND (?5 IS NULL OR status=?5)"
    " AND (?6 IS NULL OR (result IS NOT NULL AND json_extract(result,'$.verdict')=?6))"
    " AND (?7 IS NULL OR created_at>=?7) AND (?8 IS NULL OR created_at<?8)";

std::string select_jobs(std::string_view where_and_order) {
  return "SELECT " + std::string(sqlite::kJobColumns) + " FROM jobs " + std::string(where_and_order);
}

std::vector<Job> collect_jobs(Statement& select) {
  std::vector<Job> jobs;
  while (select.step()) jobs.push_back(sqlite::job_from_row(select));
  return jobs;
}

}  // namespace

CancelOutcome SqliteJobStore::cancel(const std::string& job_id, const std::string& owner) {
  std::lock_guard lock(mutex_);
  ImmediateTransaction tx(connection_);
  auto before = get_locked(job_id);
  if (!before) return CancelOutcome::NotFound;
  CancelChange change = apply_cancel(std::move(*before), owner, now_ms());
  if (change.changed) {
    sqlite::write_job_state(connection_, change.job);
    tx.commit();
  }
  return change.outcome;
}

std::optional<Job> SqliteJobStore::get(const std::string& job_id) {
  std::lock_guard lock(mutex_);
  return get_locked(job_id);
}

JobPage SqliteJobStore::list(const std::string& owner, int limit, const std::optional<std::string>& cursor,
                             const JobFilter& filter) {
  if (cursor && !is_valid_job_id(*cursor)) throw Error(ErrorCode::INVALID_CURSOR);
  limit = std::clamp(limit, 1, kMaxPageSize);
  std::lock_guard lock(mutex_);
  // Ids start with the creation time, so id order is creation order; one
  // extra row tells whether another page follows. Unset filters bind NULL.
  const std::string after_cursor = filter.oldest_first ? "id>?2" : "id<?2";
  const std::string order = filter.oldest_first ? " ORDER BY id ASC" : " ORDER BY id DESC";
  Statement select(connection_, select_jobs("WHERE owner=?1 AND (?2 IS NULL OR " + after_cursor + ")" +
                                            std::string(kListFilters) + order + " LIMIT ?3"));
  std::optional<std::string> status;
  if (filter.status) status = std::string(status_name(*filter.status));
  select.bind(1, owner).bind(2, cursor).bind(3, limit + 1).bind(4, filter.filename_contains).bind(5, status);
  select.bind(6, filter.verdict).bind(7, filter.created_from).bind(8, filter.created_before);
  JobPage page;
  page.jobs = collect_jobs(select);
  if (static_cast<int>(page.jobs.size()) > limit) {
    page.jobs.pop_back();
    page.next_cursor = page.jobs.back().id;
  }
  return page;
}

std::int64_t SqliteJobStore::jobs_ahead(const Job& job) {
  std::lock_guard lock(mutex_);
  // The claim order (priority DESC, created_at, id), on the jobs_claim index.
  Statement count(connection_,
                  "SELECT COUNT(*) FROM jobs WHERE status='PENDING' AND (priority>?1 OR (priority=?1 AND "
                  "(created_at<?2 OR (created_at=?2 AND id<?3))))");
  count.bind(1, job.priority).bind(2, job.created_at).bind(3, job.id);
  return count.step() ? count.int64(0) : 0;
}

DeleteResult SqliteJobStore::remove(const std::string& job_id, const std::string& owner) {
  std::lock_guard lock(mutex_);
  ImmediateTransaction tx(connection_);
  std::optional<Job> job = get_locked(job_id);
  DeleteResult result{delete_outcome(job, owner), {}};
  if (result.outcome != DeleteOutcome::Deleted) return result;
  Statement(connection_, "DELETE FROM jobs WHERE id=?1").bind(1, job_id).run();
  result.orphaned = unreferenced_locked(blobs_of(*job));
  tx.commit();
  return result;
}

// A blob is referenced as a job's upload or as an artifact its report names.
std::vector<std::string> SqliteJobStore::unreferenced_locked(const std::vector<std::string>& blobs) {
  Statement referenced(connection_,
                       "SELECT 1 FROM jobs WHERE media_sha256=?1 OR (result IS NOT NULL AND EXISTS ("
                       "SELECT 1 FROM json_each(jobs.result,'$.artifacts') AS a"
                       " WHERE json_extract(a.value,'$.sha256')=?1)) LIMIT 1");
  std::vector<std::string> orphaned;
  for (const auto& sha : blobs) {
    referenced.reset();
    referenced.bind(1, sha);
    if (!referenced.step()) orphaned.push_back(sha);
  }
  referenced.reset();
  return orphaned;
}

std::vector<Job> SqliteJobStore::updated_since(TimeMs since, int limit) {
  limit = std::clamp(limit, 1, kMaxUpdatedBatch);
  std::lock_guard lock(mutex_);
  Statement select(connection_, select_jobs("WHERE updated_at>=?1 ORDER BY updated_at ASC, id ASC LIMIT ?2"));
  select.bind(1, since).bind(2, limit);
  return collect_jobs(select);
}

std::vector<std::string> SqliteJobStore::purge_finished_before(TimeMs cutoff) {
  std::lock_guard lock(mutex_);
  ImmediateTransaction tx(connection_);
  const std::string purgeable = "WHERE status IN " + std::string(kTerminalStatuses) + " AND finished_at<?1";
  Statement select(connection_, select_jobs(purgeable));
  select.bind(1, cutoff);
  std::set<std::string> candidates;
  for (const Job& job : collect_jobs(select))
    for (std::string& sha : blobs_of(job)) candidates.insert(std::move(sha));
  Statement remove(connection_, "DELETE FROM jobs " + purgeable);
  remove.bind(1, cutoff).run();
  std::vector<std::string> orphaned = unreferenced_locked({candidates.begin(), candidates.end()});
  tx.commit();
  return orphaned;
}

UploadUsage SqliteJobStore::uploads_since(const std::string& owner, TimeMs since) {
  std::lock_guard lock(mutex_);
  Statement select(connection_,
                   "SELECT count(*), coalesce(sum(bytes),0), min(created_at) FROM upload_ledger "
                   "WHERE owner=?1 AND created_at>=?2");
  select.bind(1, owner).bind(2, since);
  select.step();
  return {select.int64(0), select.int64(1), select.optional_int64(2)};
}

std::int64_t SqliteJobStore::active_jobs(const std::string& owner) {
  std::lock_guard lock(mutex_);
  Statement select(connection_, "SELECT count(*) FROM jobs WHERE owner=?1 AND status IN ('PENDING','PROCESSING')");
  select.bind(1, owner);
  select.step();
  return select.int64(0);
}

QueueStats SqliteJobStore::stats() {
  std::lock_guard lock(mutex_);
  QueueStats stats;
  for (JobStatus status : all_statuses()) stats.by_status[status] = 0;
  Statement counts(connection_, "SELECT status, COUNT(*) FROM jobs GROUP BY status");
  while (counts.step()) {
    if (auto status = parse_status(counts.text(0))) stats.by_status[*status] = counts.int64(1);
  }
  TimeMs now = now_ms();
  Statement oldest(connection_, "SELECT MIN(created_at) FROM jobs WHERE status='PENDING' AND run_after<=?1");
  oldest.bind(1, now);
  if (oldest.step()) stats.oldest_pending_created_at = oldest.optional_int64(0);
  Statement stuck(connection_, "SELECT COUNT(*) FROM jobs WHERE status='PROCESSING' AND lease_expires_at<?1");
  stuck.bind(1, now);
  if (stuck.step()) stats.stuck = stuck.int64(0);
  return stats;
}

void SqliteJobStore::record_worker_beat(const WorkerBeat& beat) {
  std::lock_guard lock(mutex_);
  Statement upsert(connection_,
                   "INSERT INTO workers (worker_id, last_seen, job_id) VALUES (?1, ?2, ?3) "
                   "ON CONFLICT(worker_id) DO UPDATE SET last_seen=excluded.last_seen, job_id=excluded.job_id");
  upsert.bind(1, beat.worker_id).bind(2, beat.last_seen).bind(3, beat.job_id).run();
}

std::vector<WorkerBeat> SqliteJobStore::worker_beats(TimeMs since) {
  std::lock_guard lock(mutex_);
  Statement select(connection_,
                   "SELECT worker_id, last_seen, job_id FROM workers WHERE last_seen>=?1 ORDER BY worker_id");
  select.bind(1, since);
  std::vector<WorkerBeat> beats;
  while (select.step()) beats.push_back({select.text(0), select.int64(1), select.optional_text(2)});
  return beats;
}

void SqliteJobStore::ping() {
  std::lock_guard lock(mutex_);
  try {
    Statement probe(connection_, "SELECT COUNT(*) FROM (SELECT 1 FROM jobs LIMIT 1)");
    probe.run();
  } catch (const Error& e) {
    throw Error(ErrorCode::STORE_UNAVAILABLE, std::string("job store ping failed: ") + e.what());
  }
}

}  // namespace deeptrace
