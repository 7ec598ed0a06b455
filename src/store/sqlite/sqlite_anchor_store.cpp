#include "store/sqlite/sqlite_anchor_store.hpp"

#include "core/errors.hpp"
#include "core/time.hpp"
#include "store/anchor_rules.hpp"
#include "store/sqlite/sqlite_job_row.hpp"
#include "store/sqlite/sqlite_schema.hpp"

namespace deeptrace {
namespace {

using sqlite::ImmediateTransaction;
using sqlite::Statement;

// Every batch SELECT lists these first, in batch_from_row's order.
constexpr std::string_view kBatchColumns =
    "b.id, b.root, b.chain_id, b.contract, b.state, b.count, b.tx_hash, b.block_number, b.block_time, "
    "b.created_at, b.updated_at";
constexpr int kBatchColumnCount = 11;

std::string select_batches(std::string_view rest) {
  return "SELECT " + std::string(kBatchColumns) + " FROM anchor_batches b " + std::string(rest);
}

AnchorBatch batch_from_row(const Statement& row) {
  AnchorBatch batch;
  batch.id = row.text(0);
  batch.root = row.text(1);
  batch.chain_id = row.int64(2);
  batch.contract = row.text(3);
  auto state = parse_anchor_state(row.text(4));
  if (!state) throw Error(ErrorCode::INTERNAL, "anchor batch " + batch.id + " has an unknown state");
  batch.state = *state;
  batch.count = row.int64(5);
  batch.tx_hash = row.optional_text(6);
  batch.block_number = row.optional_int64(7);
  batch.block_time = row.optional_int64(8);
  batch.created_at = row.int64(9);
  batch.updated_at = row.int64(10);
  return batch;
}

// Entry columns (job_id, digest, proof) starting at `first`.
AnchorEntry entry_from_row(const Statement& row, int first) {
  return {row.text(first), row.text(first + 1), Json::parse(row.text(first + 2)).get<std::vector<std::string>>()};
}

[[noreturn]] void conflict(const std::string& message) { throw Error(ErrorCode::ANCHOR_CONFLICT, message); }

}  // namespace

SqliteAnchorStore::SqliteAnchorStore(const std::filesystem::path& file, std::chrono::milliseconds busy_timeout)
    : connection_(file, busy_timeout) {
  sqlite::migrate(connection_);
}

std::vector<Job> SqliteAnchorStore::unanchored_jobs(int limit) {
  std::lock_guard lock(mutex_);
  Statement select(connection_,
                   "SELECT " + std::string(sqlite::kJobColumns) +
                       " FROM jobs WHERE status='COMPLETED' AND NOT EXISTS (SELECT 1 FROM anchor_entries e "
                       "WHERE e.job_id=jobs.id) ORDER BY finished_at ASC, id ASC LIMIT ?1");
  select.bind(1, clamp_anchor_limit(limit));
  std::vector<Job> jobs;
  while (select.step()) jobs.push_back(sqlite::job_from_row(select));
  return jobs;
}

// One transaction: the job checks, the batch and every entry commit together
// or (on any throw, the destructor rolls back) not at all.
AnchorBatch SqliteAnchorStore::create_batch(const NewAnchorBatch& request) {
  validate_new_anchor_batch(request);
  std::lock_guard lock(mutex_);
  ImmediateTransaction tx(connection_);
  require_completed_jobs(request.entries);
  AnchorBatch batch = prepared_batch(request, now_ms());
  insert_batch(batch);
  insert_entries(batch);
  tx.commit();
  return batch;
}

void SqliteAnchorStore::require_completed_jobs(const std::vector<AnchorEntry>& entries) {
  Statement select(connection_, "SELECT status FROM jobs WHERE id=?1");
  for (const auto& entry : entries) {
    select.reset();
    select.bind(1, entry.job_id);
    if (!select.step()) throw Error(ErrorCode::JOB_NOT_FOUND, "no job " + entry.job_id);
    if (select.text(0) != "COMPLETED") {
      throw Error(ErrorCode::INVALID_REQUEST, "job " + entry.job_id + " is not COMPLETED");
    }
  }
  select.reset();
}

void SqliteAnchorStore::insert_batch(const AnchorBatch& batch) {
  Statement insert(connection_,
                   "INSERT INTO anchor_batches (id, root, chain_id, contract, state, count, created_at, "
                   "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7) ON CONFLICT DO NOTHING");
  insert.bind(1, batch.id).bind(2, batch.root).bind(3, batch.chain_id).bind(4, batch.contract);
  insert.bind(5, anchor_state_name(batch.state)).bind(6, batch.count).bind(7, batch.created_at);
  if (insert.run() != 1) conflict("root " + batch.root + " is already in a batch");
}

void SqliteAnchorStore::insert_entries(const AnchorBatch& batch) {
  Statement insert(connection_,
                   "INSERT INTO anchor_entries (job_id, batch_id, position, digest, proof) "
                   "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING");
  for (size_t i = 0; i < batch.entries.size(); ++i) {
    const AnchorEntry& entry = batch.entries[i];
    insert.reset();
    insert.bind(1, entry.job_id).bind(2, batch.id).bind(3, static_cast<std::int64_t>(i));
    insert.bind(4, entry.digest).bind(5, Json(entry.proof).dump());
    if (insert.run() != 1) conflict("job " + entry.job_id + " is already in a batch");
  }
  insert.reset();
}

std::optional<AnchorBatch> SqliteAnchorStore::find_batch(const std::string& batch_id) {
  Statement select(connection_, select_batches("WHERE b.id=?1"));
  select.bind(1, batch_id);
  if (!select.step()) return std::nullopt;
  return batch_from_row(select);
}

std::vector<AnchorEntry> SqliteAnchorStore::entries_of(const std::string& batch_id) {
  Statement select(connection_,
                   "SELECT job_id, digest, proof FROM anchor_entries WHERE batch_id=?1 ORDER BY position");
  select.bind(1, batch_id);
  std::vector<AnchorEntry> entries;
  while (select.step()) entries.push_back(entry_from_row(select, 0));
  return entries;
}

// No snapshot needed: a batch and its entries commit together and entries
// never change afterwards.
std::optional<AnchorBatch> SqliteAnchorStore::get_batch(const std::string& batch_id) {
  std::lock_guard lock(mutex_);
  auto batch = find_batch(batch_id);
  if (batch) batch->entries = entries_of(batch_id);
  return batch;
}

std::vector<AnchorBatch> SqliteAnchorStore::batches_in_state(AnchorState state, int limit) {
  std::lock_guard lock(mutex_);
  Statement select(connection_, select_batches("WHERE b.state=?1 ORDER BY b.created_at ASC, b.id ASC LIMIT ?2"));
  select.bind(1, anchor_state_name(state)).bind(2, clamp_anchor_limit(limit));
  std::vector<AnchorBatch> batches;
  while (select.step()) batches.push_back(batch_from_row(select));
  return batches;
}

template <typename Rule>
AnchorBatch SqliteAnchorStore::change_state(const std::string& batch_id, Rule rule) {
  std::lock_guard lock(mutex_);
  ImmediateTransaction tx(connection_);
  auto current = find_batch(batch_id);
  if (!current) throw Error(ErrorCode::ANCHOR_BATCH_NOT_FOUND, "no anchor batch " + batch_id);
  AnchorChange change = rule(std::move(*current));
  if (change.changed) {
    const AnchorBatch& b = change.batch;
    Statement update(connection_,
                     "UPDATE anchor_batches SET state=?1, tx_hash=?2, block_number=?3, block_time=?4, "
                     "updated_at=?5 WHERE id=?6");
    update.bind(1, anchor_state_name(b.state)).bind(2, b.tx_hash).bind(3, b.block_number);
    update.bind(4, b.block_time).bind(5, b.updated_at).bind(6, b.id).run();
  }
  tx.commit();
  return std::move(change.batch);
}

AnchorBatch SqliteAnchorStore::mark_submitted(const std::string& batch_id, const std::string& tx_hash) {
  return change_state(batch_id, [&](AnchorBatch batch) { return apply_submitted(std::move(batch), tx_hash, now_ms()); });
}

AnchorBatch SqliteAnchorStore::mark_confirmed(const std::string& batch_id, const std::string& tx_hash,
                                              std::int64_t block_number, std::int64_t block_time) {
  return change_state(batch_id, [&](AnchorBatch batch) {
    return apply_confirmed(std::move(batch), tx_hash, block_number, block_time, now_ms());
  });
}

std::optional<JobAnchor> SqliteAnchorStore::anchor_of(const std::string& job_id) {
  std::lock_guard lock(mutex_);
  Statement select(connection_, "SELECT " + std::string(kBatchColumns) +
                                    ", e.job_id, e.digest, e.proof FROM anchor_entries e "
                                    "JOIN anchor_batches b ON b.id=e.batch_id WHERE e.job_id=?1");
  select.bind(1, job_id);
  if (!select.step()) return std::nullopt;
  return JobAnchor{entry_from_row(select, kBatchColumnCount), batch_from_row(select)};
}

}  // namespace deeptrace
