#include "store/mongo/mongo_job_schema.hpp"

namespace deeptrace::mongo {
namespace {

Ordered index(const char* name, Ordered key, bool unique = false) {
  Ordered spec = {{"key", std::move(key)}, {"name", name}};
  if (unique) spec["unique"] = true;
  return spec;
}

}  // namespace

Json stored_job_document(const Job& job) {
  Json doc = job_to_document(job);
  doc["idem"] = job.idempotency_key ? "key:" + job.owner + "\n" + *job.idempotency_key : "id:" + job.id;
  return doc;
}

void ensure_job_indexes(Pool& pool) {
  Collection jobs(pool, kJobsCollection);
  jobs.create_indexes(Ordered::array({
      // claim: equality on status, then the claim order (priority, age).
      index("claim", {{"status", 1}, {"priority", -1}, {"created_at", 1}, {"_id", 1}}),
      // reaping and stats: expired leases of PROCESSING jobs.
      index("lease_expiry", {{"status", 1}, {"lease.expires_at", 1}}),
      // purge: finished jobs by age; media still referenced.
      index("finished", {{"status", 1}, {"finished_at", 1}}),
      index("media", {{"media.sha256", 1}}),
      // list: an owner's jobs newest first (ids sort by creation time).
      index("owner_newest", {{"owner", 1}, {"_id", -1}}),
      // SSE fan-out: changes in order.
      index("updated", {{"updated_at", 1}, {"_id", 1}}),
      index("idempotency", {{"idem", 1}}, true),
      // quotas: an owner's jobs that have not ended.
      index("owner_status", {{"owner", 1}, {"status", 1}}),
  }));
  Collection ledger(pool, kUploadLedgerCollection);
  ledger.create_indexes(Ordered::array({index("owner_time", {{"owner", 1}, {"created_at", 1}}),
                                        index("age", {{"created_at", 1}})}));
  Collection workers(pool, kWorkersCollection);
  workers.create_indexes(Ordered::array({index("last_seen", {{"last_seen", 1}})}));
}

}  // namespace deeptrace::mongo
