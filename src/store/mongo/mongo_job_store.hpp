#pragma once
// JobStore on MongoDB (or FerretDB): one document per job in "jobs", shaped
// by job_to_document() plus the derived "idem" field for the unique
// idempotency index. Every state change is read-check-write under a
// per-job lock (mongo_job_lock.hpp): read the job, ask the shared rules of
// job_rules.hpp what it becomes, replace it; claiming walks the
// best candidates in priority order and takes the first it can lock.
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "store/job_store.hpp"
#include "store/mongo/mongo_client.hpp"
#include "store/mongo/mongo_job_lock.hpp"

namespace deeptrace {

class MongoJobStore final : public JobStore {
 public:
  // Creates the indexes if needed (idempotent); throws Error(STORE_UNAVAILABLE).
  explicit MongoJobStore(std::shared_ptr<mongo::Pool> pool);

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

  // The claim's candidate query, for tests that check it with explain.
  static Json claim_filter(TimeMs now);
  static mongo::Ordered claim_sort();

 private:
  // Applies a job_rules.hpp change to a job the caller holds by lease, under
  // the job's lock; Lost (nothing written) if the lease is stale.
  template <typename Change>
  LeaseCheck change_leased(const std::string& job_id, const std::string& lease_id, Change change);
  void record_upload(const Job& job);
  std::optional<Job> try_claim(const std::string& job_id, const std::string& worker_id,
                               std::chrono::milliseconds lease, TimeMs now);
  void reap(const std::string& job_id, TimeMs now);
  // Writes a job changed under its lock (the lock is the fence).
  bool replace_locked(const Job& job);
  std::optional<Job> find_job(const std::string& job_id);
  // Those of `blobs` no job refers to any more.
  std::vector<std::string> unreferenced(const std::vector<std::string>& blobs);

  std::shared_ptr<mongo::Pool> pool_;
  mongo::JobLocks locks_;
};

}  // namespace deeptrace
