#pragma once
// AnchorStore: which completed reports were anchored on chain, in which Merkle
// batch, with which proof. Kept in the same database as the jobs (SQLite or
// MongoDB), so the anchor service itself stays stateless: after a restart it
// asks the API for unfinished batches instead of remembering them.
// The protocol is described in docs/anchoring.md.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/job.hpp"

namespace deeptrace {

// Prepared: the Merkle tree is fixed and its jobs are reserved, no transaction
// known yet. Submitted: a transaction was sent. Confirmed: it is mined.
enum class AnchorState { Prepared, Submitted, Confirmed };

std::string_view anchor_state_name(AnchorState state);
std::optional<AnchorState> parse_anchor_state(std::string_view name);

struct AnchorEntry {
  std::string job_id;
  std::string digest;              // "0x" + 64 lowercase hex: report_digest()
  std::vector<std::string> proof;  // sibling hashes, leaf to root, "0x..." each
};

struct NewAnchorBatch {
  std::string root;  // "0x" + 64 lowercase hex
  std::int64_t chain_id = 0;
  std::string contract;  // "0x" + 40 hex
  std::vector<AnchorEntry> entries;
};

struct AnchorBatch {
  std::string id;
  std::string root;
  std::int64_t chain_id = 0;
  std::string contract;
  AnchorState state = AnchorState::Prepared;
  std::int64_t count = 0;          // entries in the batch
  std::vector<AnchorEntry> entries;  // filled by get_batch / create_batch only
  std::optional<std::string> tx_hash;
  std::optional<std::int64_t> block_number;
  std::optional<std::int64_t> block_time;  // seconds since the epoch (chain time)
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

struct JobAnchor {
  AnchorEntry entry;
  AnchorBatch batch;  // without entries
};

class AnchorStore {
 public:
  virtual ~AnchorStore() = default;

  // COMPLETED jobs that are in no batch, oldest finished first (ties by id);
  // limit is clamped to 1..1000.
  virtual std::vector<Job> unanchored_jobs(int limit) = 0;

  // Reserves every entry's job for a new Prepared batch with a fresh id.
  // Throws Error(ANCHOR_CONFLICT) if any job is already in a batch or the
  // root is already used; nothing is stored then. Error(INVALID_REQUEST) for
  // shape errors (see validate_new_anchor_batch in anchor_rules.hpp: at most
  // 1000 entries, no job twice) or a job that is not COMPLETED;
  // Error(JOB_NOT_FOUND) for an unknown job. Entries keep the given order.
  virtual AnchorBatch create_batch(const NewAnchorBatch& batch) = 0;

  virtual std::optional<AnchorBatch> get_batch(const std::string& batch_id) = 0;
  // Without entries; oldest created first; limit clamped to 1..1000.
  virtual std::vector<AnchorBatch> batches_in_state(AnchorState state, int limit) = 0;

  // Prepared/Submitted -> Submitted (a resent transaction replaces the hash).
  // On a Confirmed batch: returns it unchanged if tx_hash matches, else
  // throws Error(ANCHOR_CONFLICT). Unknown id: Error(ANCHOR_BATCH_NOT_FOUND).
  // A tx_hash that is not "0x" + 64 lowercase hex: Error(INVALID_REQUEST).
  // Both mark_* return the batch without entries.
  virtual AnchorBatch mark_submitted(const std::string& batch_id, const std::string& tx_hash) = 0;
  // Any state -> Confirmed with these facts; repeating the same call is a
  // no-op, a Confirmed batch with a different tx_hash throws ANCHOR_CONFLICT.
  // Negative block_number / block_time: Error(INVALID_REQUEST).
  virtual AnchorBatch mark_confirmed(const std::string& batch_id, const std::string& tx_hash,
                                     std::int64_t block_number, std::int64_t block_time) = 0;

  // nullopt when the job is in no batch (or does not exist: the caller tells
  // JOB_NOT_FOUND from NOT_ANCHORED with the job store).
  virtual std::optional<JobAnchor> anchor_of(const std::string& job_id) = 0;
};

}  // namespace deeptrace
