#pragma once
// The MongoDB layout of jobs: collection names, the stored document (the
// shared job_to_document() plus fields that exist only for queries) and the
// indexes every query needs.
#include "store/mongo/mongo_client.hpp"

namespace deeptrace::mongo {

inline constexpr const char* kJobsCollection = "jobs";
inline constexpr const char* kWorkersCollection = "workers";
// Quotas: {owner, created_at, bytes} per created job; deleting jobs leaves it.
inline constexpr const char* kUploadLedgerCollection = "upload_ledger";

// job_to_document(job) + "idem" (unique: owner+key for keyed jobs, the job
// id otherwise; partial unique indexes are not available on FerretDB v1).
Json stored_job_document(const Job& job);

// createIndexes is idempotent; every store instance calls it once.
void ensure_job_indexes(Pool& pool);

}  // namespace deeptrace::mongo
