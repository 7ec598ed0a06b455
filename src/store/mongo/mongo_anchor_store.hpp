#pragma once
// AnchorStore on MongoDB (or FerretDB v1, which has no transactions): batches
// in "anchor_batches" (unique root), entries in "anchor_entries" keyed by job
// id (see mongo_anchor_schema.hpp).
//
// create_batch cannot be one transaction, so it inserts the batch, then its
// entries in job-id order in one ordered insert; a duplicate key (job already
// in a batch) stops the insert and the batch and the entries it did insert
// are deleted again (compensation) before ANCHOR_CONFLICT is thrown. The
// unique indexes, not a prior read, decide who wins, so concurrent creators
// on any number of processes never share a job. Inserting in one global
// order means that of two overlapping batches the one that reaches their
// first shared job first always wins (the other fails at that job, before
// it can take any job the winner still needs).
// Visible consequences: for the moment between the two inserts a Prepared
// batch can be read with fewer entries than `count`, and a process that dies
// between them leaves such a batch behind (its jobs not reserved).
#include <memory>

#include "store/anchor_store.hpp"
#include "store/mongo/mongo_client.hpp"
#include "store/mongo/mongo_job_lock.hpp"

namespace deeptrace {

class MongoAnchorStore final : public AnchorStore {
 public:
  // Creates the indexes if needed (idempotent); throws Error(STORE_UNAVAILABLE).
  explicit MongoAnchorStore(std::shared_ptr<mongo::Pool> pool);

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
  void insert_entries(const AnchorBatch& batch);
  void remove_batch(const std::string& batch_id);
  std::optional<AnchorBatch> find_batch(const std::string& batch_id);
  template <typename Rule>
  AnchorBatch change_state(const std::string& batch_id, Rule rule);

  std::shared_ptr<mongo::Pool> pool_;
  mongo::JobLocks locks_;
};

}  // namespace deeptrace
