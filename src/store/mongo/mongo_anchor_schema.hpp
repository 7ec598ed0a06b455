#pragma once
// The MongoDB layout of anchor batches.
//   anchor_batches: {_id: batch id, root (unique), chain_id, contract, state,
//                    count, tx_hash, block_number, block_time, created_at, updated_at}
//   anchor_entries: {_id: job id, batch_id, position, digest, proof}
// The entry's _id is the job id, so the primary key is the unique job index
// (the one unique index FerretDB v1 also answers without a scan).
#include "store/anchor_store.hpp"
#include "store/mongo/mongo_client.hpp"

namespace deeptrace::mongo {

inline constexpr const char* kAnchorBatchesCollection = "anchor_batches";
inline constexpr const char* kAnchorEntriesCollection = "anchor_entries";

// The batch document, without entries.
Json anchor_batch_document(const AnchorBatch& batch);
AnchorBatch anchor_batch_from_document(const Json& doc);

Json anchor_entry_document(const AnchorEntry& entry, const std::string& batch_id, size_t position);
AnchorEntry anchor_entry_from_document(const Json& doc);

// createIndexes is idempotent; every store instance calls it once.
void ensure_anchor_indexes(Pool& pool);

}  // namespace deeptrace::mongo
