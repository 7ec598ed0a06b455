// MongoJobStore: creation, claiming and the lease-fenced worker writes.
// Reads, owner operations and maintenance are in mongo_job_queries.cpp.
#include "store/mongo/mongo_job_store.hpp"

#include <thread>

#include "core/random.hpp"
#include "core/time.hpp"
#include "store/job_rules.hpp"
#include "store/mongo/mongo_job_schema.hpp"

namespace deeptrace {
namespace {

using mongo::Collection;

// Candidates fetched per claim round: enough that concurrent claimers who
// find the best job locked move on to the next one instead of re-querying.
constexpr std::int64_t kClaimCandidates = 16;

}  // namespace

MongoJobStore::MongoJobStore(std::shared_ptr<mongo::Pool> pool) : pool_(std::move(pool)), locks_(*pool_) {
  mongo::ensure_job_indexes(*pool_);
}

// Runnable PENDING jobs and every PROCESSING job whose lease expired: the
// latter are either claimed again or, with no attempts left or a cancel
// requested, reaped (one query serves both, FerretDB scans for each query).
Json MongoJobStore::claim_filter(TimeMs now) {
  return {{"$or", Json::array({
                      {{"status", "PENDING"}, {"run_after", {{"$lte", now}}}},
                      {{"status", "PROCESSING"}, {"lease.expires_at", {{"$lt", now}}}},
                  })}};
}

mongo::Ordered MongoJobStore::claim_sort() { return {{"priority", -1}, {"created_at", 1}, {"_id", 1}}; }

std::optional<Job> MongoJobStore::find_job(const std::string& job_id) {
  Collection jobs(*pool_, mongo::kJobsCollection);
  auto doc = jobs.find_one({{"_id", job_id}});
  if (!doc) return std::nullopt;
  return job_from_document(*doc);
}

// The caller holds the job's lock and read `before` under it, so nobody can
// have changed the job since: the lock, checked lease token included, is the
// fence. The filter is the _id alone because FerretDB v1 answers only an
// _id-only filter from its primary key and scans every job for anything else.
bool MongoJobStore::replace_locked(const Job& job) {
  Collection jobs(*pool_, mongo::kJobsCollection);
  return jobs.replace_one({{"_id", job.id}}, mongo::stored_job_document(job)) == 1;
}

CreateResult MongoJobStore::create(const NewJob& request) {
  validate_new_job(request);
  Job job = new_pending_job(request, new_job_id(), now_ms());
  Collection jobs(*pool_, mongo::kJobsCollection);
  // A second job with the same key collides on the unique "idem" index.
  if (jobs.insert_one(mongo::stored_job_document(job))) {
    record_upload(job);
    return {std::move(job), true};
  }
  if (!request.idempotency_key) throw Error(ErrorCode::INTERNAL, "job insert conflicted without an idempotency key");
  auto existing = jobs.find_one({{"owner", request.owner}, {"idempotency_key", *request.idempotency_key}});
  if (!existing) throw Error(ErrorCode::INTERNAL, "idempotency key conflict but no job holds the key");
  return {job_from_document(*existing), false};
}

// After the job's insert, not atomically with it: a crash in between leaves
// one upload uncounted, which errs on the user's side. Entries past the
// longest window go on the way.
void MongoJobStore::record_upload(const Job& job) {
  Collection ledger(*pool_, mongo::kUploadLedgerCollection);
  ledger.insert_one({{"owner", job.owner}, {"created_at", job.created_at}, {"bytes", job.media.size}});
  ledger.delete_many({{"created_at", {{"$lt", job.created_at - kUploadLedgerKeepMs}}}});
}

std::optional<Job> MongoJobStore::claim(const std::string& worker_id, std::chrono::milliseconds lease) {
  while (true) {
    TimeMs now = now_ms();
    Collection jobs(*pool_, mongo::kJobsCollection);
    auto candidates = jobs.find(claim_filter(now), {claim_sort(), nullptr, kClaimCandidates});
    if (candidates.empty()) return std::nullopt;
    for (const auto& doc : candidates) {
      Job candidate = job_from_document(doc);
      if (needs_reaping(candidate, now)) {
        reap(candidate.id, now);
      } else if (auto job = try_claim(candidate.id, worker_id, lease, now)) {
        return job;
      }
    }
    // Every candidate was reaped or taken by a concurrent claimer: look again.
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

std::optional<Job> MongoJobStore::try_claim(const std::string& job_id, const std::string& worker_id,
                                            std::chrono::milliseconds lease, TimeMs now) {
  auto lock = locks_.try_acquire(job_id);
  if (!lock) return std::nullopt;
  auto before = find_job(job_id);
  if (!before || !claimable(*before, now)) return std::nullopt;
  Job job = apply_claim(*before, Lease{new_lease_token(), worker_id, now + lease.count()}, now);
  if (!replace_locked(job)) return std::nullopt;
  return job;
}

// Expired leases that cannot be retried end here: a requested cancel wins,
// otherwise a job with no attempts left fails with WORKER_LOST.
void MongoJobStore::reap(const std::string& job_id, TimeMs now) {
  auto lock = locks_.try_acquire(job_id);
  if (!lock) return;  // someone else is changing it right now
  auto before = find_job(job_id);
  if (!before || !needs_reaping(*before, now)) return;
  Job job = apply_reap(*before, now);
  replace_locked(job);
}

template <typename Change>
LeaseCheck MongoJobStore::change_leased(const std::string& job_id, const std::string& lease_id, Change change) {
  auto lock = locks_.acquire(job_id);
  auto before = find_job(job_id);
  if (!before || !holds_lease(*before, lease_id)) return LeaseCheck::Lost;
  LeasedChange changed = change(std::move(*before), now_ms());
  return replace_locked(changed.job) ? changed.outcome : LeaseCheck::Lost;
}

LeaseCheck MongoJobStore::heartbeat(const std::string& job_id, const std::string& lease_id,
                                    std::chrono::milliseconds lease, const std::optional<Progress>& progress) {
  return change_leased(job_id, lease_id, [&](Job job, TimeMs now) {
    return apply_heartbeat(std::move(job), now + lease.count(), progress, now);
  });
}

LeaseCheck MongoJobStore::complete(const std::string& job_id, const std::string& lease_id, const Json& result) {
  return change_leased(job_id, lease_id, [&](Job job, TimeMs now) {
    return LeasedChange{apply_complete(std::move(job), result, now)};
  });
}

LeaseCheck MongoJobStore::acknowledge_cancel(const std::string& job_id, const std::string& lease_id) {
  return change_leased(job_id, lease_id, [&](Job job, TimeMs now) {
    return LeasedChange{apply_acknowledge_cancel(std::move(job), now)};
  });
}

LeaseCheck MongoJobStore::fail(const std::string& job_id, const std::string& lease_id, const JobError& error,
                               const BackoffPolicy& backoff) {
  return change_leased(job_id, lease_id, [&](Job job, TimeMs now) {
    TimeMs delay = backoff.delay_ms(job.attempts);
    return LeasedChange{apply_failure(std::move(job), error, delay, now)};
  });
}

LeaseCheck MongoJobStore::release(const std::string& job_id, const std::string& lease_id) {
  return change_leased(job_id, lease_id, [&](Job job, TimeMs now) { return apply_release(std::move(job), now); });
}

}  // namespace deeptrace
