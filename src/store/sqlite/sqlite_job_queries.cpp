// SqliteJobStore: owner operations (cancel, list), reads, maintenance and
// worker liveness. The claim/lease paths are in sqlite_job_store.cpp.
#include <algorithm>

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

JobPage SqliteJobStore::list(const std::string& owner, int limit, const std::optional<std::string>& cursor) {
  if (cursor && !is_valid_job_id(*cursor)) throw Error(ErrorCode::INVALID_CURSOR);
  limit = std::clamp(limit, 1, kMaxPageSize);
  std::lock_guard lock(mutex_);
  // Ids start with the creation time, so id order is newest-first order; one
  // extra row tells whether another page follows.
  Statement select(connection_, select_jobs("WHERE owner=?1 AND (?2 IS NULL OR id<?2) ORDER BY id DESC LIMIT ?3"));
  select.bind(1, owner).bind(2, cursor).bind(3, limit + 1);
  JobPage page;
  page.jobs = collect_jobs(select);
  if (static_cast<int>(page.jobs.size()) > limit) {
    page.jobs.pop_back();
    page.next_cursor = page.jobs.back().id;
  }
  return page;
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
  std::string purgeable = " FROM jobs WHERE status IN " + std::string(kTerminalStatuses) + " AND finished_at<?1";
  std::vector<std::string> candidates;
  Statement media(connection_, "SELECT DISTINCT media_sha256" + purgeable);
  media.bind(1, cutoff);
  while (media.step()) candidates.push_back(media.text(0));
  Statement remove(connection_, "DELETE" + purgeable);
  remove.bind(1, cutoff).run();

  std::vector<std::string> orphaned;
  Statement still_used(connection_, "SELECT 1 FROM jobs WHERE media_sha256=?1 LIMIT 1");
  for (const auto& sha : candidates) {
    still_used.reset();
    still_used.bind(1, sha);
    if (!sha.empty() && !still_used.step()) orphaned.push_back(sha);
  }
  still_used.reset();
  tx.commit();
  return orphaned;
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
