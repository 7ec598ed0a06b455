#pragma once
// The job state rules, written once. Each backend reads the job (inside its
// transaction or under its per-job lock), asks these pure functions what the
// job becomes, and writes the answer back, so SQLite and MongoDB cannot
// disagree about a retry, a release or a lost lease. Backends may pre-filter
// candidates in their own query language for speed, but the decision is made
// here. Every function calls require_transition() for the move it makes.
#include <optional>
#include <string>
#include <vector>

#include "store/job_store.hpp"

namespace deeptrace {

// "28 lowercase hex characters", the shape new_job_id() produces (cursors are job ids).
bool is_valid_job_id(const std::string& id);

// What error_history records when a worker's lease expired: `retried` when
// the job is claimed again (retryable), else the final WORKER_LOST failure.
JobError lost_lease_error(bool retried);

// A fresh PENDING job for a validated request.
Job new_pending_job(const NewJob& request, std::string id, TimeMs now);

// --- What claim() sees at `now` ---

// PROCESSING whose lease ran out before `now` (its worker crashed or hung).
bool lease_expired(const Job& job, TimeMs now);
// What claim() may take: a PENDING job whose run_after has come, or an
// expired lease with attempts left and no cancel requested.
bool claimable(const Job& job, TimeMs now);
// An expired lease that must not run again (cancel requested, or no attempts
// left): claim() ends it with apply_reap() instead.
bool needs_reaping(const Job& job, TimeMs now);

// A claimable job leased to `lease`: attempts + 1, stage "starting". Taking
// over an expired lease records WORKER_LOST for the attempt its worker lost.
Job apply_claim(Job job, Lease lease, TimeMs now);
// A job needs_reaping() ended: CANCELLED if requested, else FAILED (WORKER_LOST).
Job apply_reap(Job job, TimeMs now);

// --- Worker writes, fenced by the lease token ---

// True while `lease_id` is the job's current lease. A backend answers
// LeaseCheck::Lost and changes nothing otherwise.
bool holds_lease(const Job& job, const std::string& lease_id);

// A leased job after a worker's write, and what the worker is told.
struct LeasedChange {
  Job job;
  LeaseCheck outcome = LeaseCheck::Ok;
};

// Extends the lease. updated_at moves only with progress, so idle heartbeats
// do not flood updated_since(). CancelRequested tells the worker to stop.
LeasedChange apply_heartbeat(Job job, TimeMs lease_expires_at, const std::optional<Progress>& progress,
                             TimeMs now);
// PROCESSING -> COMPLETED with its result; the error of an earlier attempt is cleared.
Job apply_complete(Job job, const Json& result, TimeMs now);
// The worker saw cancel_requested: PROCESSING -> CANCELLED.
Job apply_acknowledge_cancel(Job job, TimeMs now);
// A failed attempt, recorded in error_history. Retryable with attempts left
// and no cancel requested -> PENDING, runnable after `retry_delay_ms`;
// otherwise FAILED (a requested cancel suppresses the retry: nobody wants
// the result any more).
Job apply_failure(Job job, const JobError& error, TimeMs retry_delay_ms, TimeMs now);
// Graceful shutdown: back to PENDING at once and the attempt is not spent.
// If the owner cancelled meanwhile the job ends CANCELLED instead (going back
// to the queue would only run a job nobody wants), outcome CancelRequested.
LeasedChange apply_release(Job job, TimeMs now);

// --- Owner writes ---

struct CancelChange {
  Job job;
  CancelOutcome outcome = CancelOutcome::NotFound;
  bool changed = false;  // whether the job must be written back
};
// Another owner's job is NotFound (indistinguishable from a missing one).
// PENDING -> CANCELLED at once; PROCESSING gets cancel_requested, which its
// worker sees on its next heartbeat; a finished job is AlreadyFinished.
CancelChange apply_cancel(Job job, const std::string& owner, TimeMs now);
// Another owner's job (or none) is NotFound; only a finished job may go.
DeleteOutcome delete_outcome(const std::optional<Job>& job, const std::string& owner);

// --- The media store's side ---

// The media-store blobs a job refers to, each once: its upload and the
// artifacts its report names (face crops, ...). Deleting a job orphans
// those of them no other job refers to.
std::vector<std::string> blobs_of(const Job& job);

}  // namespace deeptrace
