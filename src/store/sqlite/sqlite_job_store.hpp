#pragma once
// JobStore over an embedded SQLite file. One instance owns one connection
// (guarded by a mutex, so threads may share it); any number of instances and
// processes may open the same file: WAL, BEGIN IMMEDIATE for every
// read-modify-write and a busy timeout keep them consistent.
#include <chrono>
#include <filesystem>
#include <mutex>

#include "store/job_store.hpp"
#include "store/sqlite/sqlite_util.hpp"

namespace deeptrace {

class SqliteJobStore final : public JobStore {
 public:
  explicit SqliteJobStore(const std::filesystem::path& file,
                          std::chrono::milliseconds busy_timeout = std::chrono::seconds(10));

  CreateResult create(const NewJob& request) override;
  std::optional<Job> claim(const std::string& worker_id, std::chrono::milliseconds lease) override;
  LeaseCheck heartbeat(const std::string& job_id, const std::string& lease_id,
                       std::chrono::milliseconds lease,
                       const std::optional<Progress>& progress) override;
  LeaseCheck complete(const std::string& job_id, const std::string& lease_id,
                      const Json& result) override;
  LeaseCheck fail(const std::string& job_id, const std::string& lease_id, const JobError& error,
                  const BackoffPolicy& backoff) override;
  LeaseCheck release(const std::string& job_id, const std::string& lease_id) override;
  LeaseCheck acknowledge_cancel(const std::string& job_id, const std::string& lease_id) override;

  CancelOutcome cancel(const std::string& job_id, const std::string& owner) override;
  std::optional<Job> get(const std::string& job_id) override;
  JobPage list(const std::string& owner, int limit, const std::optional<std::string>& cursor,
               const JobFilter& filter) override;
  DeleteResult remove(const std::string& job_id, const std::string& owner) override;
  std::int64_t jobs_ahead(const Job& job) override;
  std::vector<Job> updated_since(TimeMs since, int limit) override;
  std::vector<std::string> purge_finished_before(TimeMs cutoff) override;

  UploadUsage uploads_since(const std::string& owner, TimeMs since) override;
  std::int64_t active_jobs(const std::string& owner) override;
  QueueStats stats() override;
  void record_worker_beat(const WorkerBeat& beat) override;
  std::vector<WorkerBeat> worker_beats(TimeMs since) override;
  void ping() override;

 private:
  void record_upload(const Job& job);
  std::optional<Job> find_by_idempotency_key(const std::string& owner, const std::string& key);
  std::optional<Job> get_locked(const std::string& job_id);
  // Those of `blobs` no job refers to any more (inside the caller's transaction).
  std::vector<std::string> unreferenced_locked(const std::vector<std::string>& blobs);
  void reap_expired_leases(TimeMs now);
  // Applies a job_rules.hpp change to a job the caller holds by lease, in one
  // write transaction; Lost (nothing written) if the lease is stale.
  template <typename Change>
  LeaseCheck change_leased(const std::string& job_id, const std::string& lease_id, Change change);

  std::mutex mutex_;
  sqlite::Connection connection_;
};

}  // namespace deeptrace
