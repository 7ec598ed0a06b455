// MongoJobStore: creation, claiming and the lease-fenced worker writes.
// Reads, owner operations and maintenance are in mongo_job_queries.cpp.
#include "store/mongo/mongo_job_store.hpp"

#include <algorithm>
#include <thread>

#include "core/random.hpp"
#include "core/time.hpp"
#include "store/mongo/mongo_job_schema.hpp"

namespace deeptrace {
namespace {

using mongo::Collection;

// Candidates fetched per claim round: enough that concurrent claimers who
// find the best job locked move on to the next one instead of re-querying.
constexpr std::int64_t kClaimCandidates = 16;

Job new_pending_job(const NewJob& request, TimeMs now) {
  Job job;
  job.id = new_job_id();
  job.owner = request.owner;
  job.priority = request.priority;
  job.max_attempts = request.max_attempts;
  job.idempotency_key = request.idempotency_key;
  job.run_after = job.created_at = job.updated_at = now;
  job.media = request.media;
  job.options = request.options;
  return job;
}

// The same predicate as claim_filter(), checked again under the job's lock.
bool claimable(const Job& job, TimeMs now) {
  if (job.status == JobStatus::Pending) return job.run_after <= now;
  return job.status == JobStatus::Processing && job.lease && job.lease->expires_at < now &&
         job.attempts < job.max_attempts && !job.cancel_requested;
}

bool expired_for_good(const Job& job, TimeMs now) {
  return job.status == JobStatus::Processing && job.lease && job.lease->expires_at < now &&
         (job.cancel_requested || job.attempts >= job.max_attempts);
}

// Leaving PROCESSING for a final state.
void finish(Job& job, JobStatus to, TimeMs now) {
  require_transition(job.status, to);
  job.status = to;
  job.lease.reset();
  job.finished_at = now;
  job.updated_at = now;
}

void record_error(Job& job, const JobError& error, TimeMs now) {
  job.error = error;
  job.error_history.push_back(ErrorRecord{error, job.attempts, now});
}

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
  Job job = new_pending_job(request, now_ms());
  Collection jobs(*pool_, mongo::kJobsCollection);
  // A second job with the same key collides on the unique "idem" index.
  if (jobs.insert_one(mongo::stored_job_document(job))) return {std::move(job), true};
  if (!request.idempotency_key) throw Error(ErrorCode::INTERNAL, "job insert conflicted without an idempotency key");
  auto existing = jobs.find_one({{"owner", request.owner}, {"idempotency_key", *request.idempotency_key}});
  if (!existing) throw Error(ErrorCode::INTERNAL, "idempotency key conflict but no job holds the key");
  return {job_from_document(*existing), false};
}

std::optional<Job> MongoJobStore::claim(const std::string& worker_id, std::chrono::milliseconds lease) {
  require_transition(JobStatus::Pending, JobStatus::Processing);
  require_transition(JobStatus::Processing, JobStatus::Processing);
  while (true) {
    TimeMs now = now_ms();
    Collection jobs(*pool_, mongo::kJobsCollection);
    auto candidates = jobs.find(claim_filter(now), {claim_sort(), nullptr, kClaimCandidates});
    if (candidates.empty()) return std::nullopt;
    for (const auto& doc : candidates) {
      Job candidate = job_from_document(doc);
      if (expired_for_good(candidate, now)) {
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
  Job job = *before;
  // Taking over an expired lease: its worker lost that attempt.
  if (job.status == JobStatus::Processing) record_error(job, lost_lease_error(true), now);
  job.status = JobStatus::Processing;
  job.lease = Lease{new_lease_token(), worker_id, now + lease.count()};
  job.attempts += 1;
  job.started_at = job.started_at.value_or(now);
  job.updated_at = now;
  job.progress.stage = "starting";
  if (!replace_locked(job)) return std::nullopt;
  return job;
}

// Expired leases that cannot be retried end here: a requested cancel wins,
// otherwise a job with no attempts left fails with WORKER_LOST.
void MongoJobStore::reap(const std::string& job_id, TimeMs now) {
  auto lock = locks_.try_acquire(job_id);
  if (!lock) return;  // someone else is changing it right now
  auto before = find_job(job_id);
  if (!before || !expired_for_good(*before, now)) return;
  Job job = *before;
  if (job.cancel_requested) {
    finish(job, JobStatus::Cancelled, now);
  } else {
    record_error(job, lost_lease_error(false), now);
    finish(job, JobStatus::Failed, now);
  }
  replace_locked(job);
}

template <typename Change>
LeaseCheck MongoJobStore::change_leased(const std::string& job_id, const std::string& lease_id, Change change) {
  auto lock = locks_.acquire(job_id);
  auto before = find_job(job_id);
  if (!before || before->status != JobStatus::Processing || !before->lease || before->lease->id != lease_id) {
    return LeaseCheck::Lost;
  }
  Job job = *before;
  LeaseCheck outcome = change(job, now_ms());
  return replace_locked(job) ? outcome : LeaseCheck::Lost;
}

LeaseCheck MongoJobStore::heartbeat(const std::string& job_id, const std::string& lease_id,
                                    std::chrono::milliseconds lease, const std::optional<Progress>& progress) {
  return change_leased(job_id, lease_id, [&](Job& job, TimeMs now) {
    job.lease->expires_at = now + lease.count();
    // updated_at moves only with progress, so idle heartbeats do not flood updated_since().
    if (progress) {
      job.progress = *progress;
      job.updated_at = now;
    }
    return job.cancel_requested ? LeaseCheck::CancelRequested : LeaseCheck::Ok;
  });
}

LeaseCheck MongoJobStore::complete(const std::string& job_id, const std::string& lease_id, const Json& result) {
  return change_leased(job_id, lease_id, [&](Job& job, TimeMs now) {
    finish(job, JobStatus::Completed, now);
    job.result = result;
    job.error.reset();
    job.progress.stage = "done";
    return LeaseCheck::Ok;
  });
}

LeaseCheck MongoJobStore::acknowledge_cancel(const std::string& job_id, const std::string& lease_id) {
  return change_leased(job_id, lease_id, [&](Job& job, TimeMs now) {
    finish(job, JobStatus::Cancelled, now);
    return LeaseCheck::Ok;
  });
}

LeaseCheck MongoJobStore::fail(const std::string& job_id, const std::string& lease_id, const JobError& error,
                               const BackoffPolicy& backoff) {
  return change_leased(job_id, lease_id, [&](Job& job, TimeMs now) {
    record_error(job, error, now);
    // A requested cancel suppresses the retry: nobody wants the result any more.
    bool retry = error.retryable && job.attempts < job.max_attempts && !job.cancel_requested;
    if (!retry) {
      finish(job, JobStatus::Failed, now);
      return LeaseCheck::Ok;
    }
    require_transition(JobStatus::Processing, JobStatus::Pending);
    job.status = JobStatus::Pending;
    job.lease.reset();
    job.run_after = now + backoff.delay_ms(job.attempts);
    job.updated_at = now;
    job.progress.stage = "queued";
    return LeaseCheck::Ok;
  });
}

LeaseCheck MongoJobStore::release(const std::string& job_id, const std::string& lease_id) {
  return change_leased(job_id, lease_id, [&](Job& job, TimeMs now) {
    if (job.cancel_requested) {
      // Going back to the queue would only run a job its owner cancelled.
      finish(job, JobStatus::Cancelled, now);
      return LeaseCheck::CancelRequested;
    }
    require_transition(JobStatus::Processing, JobStatus::Pending);
    job.status = JobStatus::Pending;
    job.lease.reset();
    job.attempts = std::max(job.attempts - 1, 0);
    job.run_after = now;
    job.updated_at = now;
    job.progress.stage = "queued";
    return LeaseCheck::Ok;
  });
}

}  // namespace deeptrace
