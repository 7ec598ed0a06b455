#pragma once
// What every AnchorStore backend shares, so SQLite and MongoDB accept, reject
// and change exactly the same things: input validation, batch ids, limits
// and the batch state rules of anchor_store.hpp.
#include <cstdint>
#include <string>

#include "store/anchor_store.hpp"

namespace deeptrace {

// A batch holds at most this many reports (the pending list's own maximum),
// and a proof at most one sibling per tree level.
inline constexpr size_t kMaxAnchorBatchEntries = 1000;
inline constexpr size_t kMaxAnchorProofLength = 64;

// Shape checks only (hex forms, sizes, duplicate job ids); whether the jobs
// exist and are COMPLETED is the backend's to check. Error(INVALID_REQUEST).
void validate_new_anchor_batch(const NewAnchorBatch& batch);
// "0x" + 64 lowercase hex; Error(INVALID_REQUEST) naming `what` otherwise.
void validate_hash32(const std::string& value, const std::string& what);

// Page sizes for unanchored_jobs / batches_in_state: clamped to 1..1000.
int clamp_anchor_limit(int limit);

// A fresh random batch id (32 lowercase hex).
std::string new_anchor_batch_id();

// A Prepared batch built from a validated request (entries included).
AnchorBatch prepared_batch(const NewAnchorBatch& request, TimeMs now);

// The state rules. Each returns the batch as it must be stored, or throws
// Error(ANCHOR_CONFLICT) / Error(INVALID_REQUEST). `changed` tells whether
// anything needs writing (idempotent repeats change nothing).
struct AnchorChange {
  AnchorBatch batch;
  bool changed = false;
};
AnchorChange apply_submitted(AnchorBatch batch, const std::string& tx_hash, TimeMs now);
AnchorChange apply_confirmed(AnchorBatch batch, const std::string& tx_hash, std::int64_t block_number,
                             std::int64_t block_time, TimeMs now);

}  // namespace deeptrace
