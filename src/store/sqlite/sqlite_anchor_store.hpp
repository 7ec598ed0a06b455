#pragma once
// AnchorStore in the jobs' SQLite file: tables anchor_batches (root UNIQUE)
// and anchor_entries (job_id PRIMARY KEY, so a job can be in one batch only).
// Like SqliteJobStore, one instance owns one connection behind a mutex, and
// any number of instances and processes may share the file: every
// read-check-write runs inside BEGIN IMMEDIATE.
#include <chrono>
#include <filesystem>
#include <mutex>

#include "store/anchor_store.hpp"
#include "store/sqlite/sqlite_util.hpp"

namespace deeptrace {

class SqliteAnchorStore final : public AnchorStore {
 public:
  explicit SqliteAnchorStore(const std::filesystem::path& file,
                             std::chrono::milliseconds busy_timeout = std::chrono::seconds(10));

  std::vector<Job> unanchored_jobs(int limit) override;
  AnchorBatch create_batch(const NewAnchorBatch& batch) override;
  std::optional<AnchorBatch> get_batch(const std::string& batch_id) override;
  std::vector<AnchorBatch> batches_in_state(AnchorState state, int limit) override;
  AnchorBatch mark_submitted(const std::string& batch_id, const std::string& tx_hash) override;
  AnchorBatch mark_confirmed(const std::string& batch_id, const std::string& tx_hash,
                             std::int64_t block_number, std::int64_t block_time) override;
  std::optional<JobAnchor> anchor_of(const std::string& job_id) override;

 private:
  void require_completed_jobs(const std::vector<AnchorEntry>& entries);
  void insert_batch(const AnchorBatch& batch);
  void insert_entries(const AnchorBatch& batch);
  std::optional<AnchorBatch> find_batch(const std::string& batch_id);
  std::vector<AnchorEntry> entries_of(const std::string& batch_id);
  // Reads the batch, applies `rule` and writes the result, in one transaction.
  template <typename Rule>
  AnchorBatch change_state(const std::string& batch_id, Rule rule);

  std::mutex mutex_;
  sqlite::Connection connection_;
};

}  // namespace deeptrace
