// The job state rules of job_rules.hpp: pure functions from a job (as read by
// a backend) to the job as it must be stored.
#include "store/job_rules.hpp"

#include <algorithm>

#include "store/media_store.hpp"

namespace deeptrace {
namespace {

// Leaving PROCESSING (or PENDING) for a final state.
void finish(Job& job, JobStatus to, TimeMs now) {
  require_transition(job.status, to);
  job.status = to;
  job.lease.reset();
  job.finished_at = now;
  job.updated_at = now;
}

// Back to the queue, runnable from `run_after`.
void requeue(Job& job, TimeMs run_after, TimeMs now) {
  require_transition(job.status, JobStatus::Pending);
  job.status = JobStatus::Pending;
  job.lease.reset();
  job.run_after = run_after;
  job.updated_at = now;
  job.progress.stage = stage_name(Stage::Queued);
}

// The attempt number recorded is the attempt that failed (attempts counts claims).
void record_error(Job& job, const JobError& error, TimeMs now) {
  job.error = error;
  job.error_history.push_back(ErrorRecord{error, job.attempts, now});
}

}  // namespace

bool is_valid_job_id(const std::string& id) {
  return id.size() == 28 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

JobError lost_lease_error(bool retried) {
  if (retried) {
    return {ErrorCode::WORKER_LOST, "the job's lease expired (worker crashed or hung); the job was claimed again",
            true};
  }
  return {ErrorCode::WORKER_LOST, "the job's lease expired with no attempts left (worker crashed or hung)", false};
}

Job new_pending_job(const NewJob& request, std::string id, TimeMs now) {
  Job job;
  job.id = std::move(id);
  job.owner = request.owner;
  job.priority = request.priority;
  job.max_attempts = request.max_attempts;
  job.idempotency_key = request.idempotency_key;
  job.run_after = job.created_at = job.updated_at = now;
  job.media = request.media;
  job.options = request.options;
  return job;
}

bool lease_expired(const Job& job, TimeMs now) {
  return job.status == JobStatus::Processing && job.lease && job.lease->expires_at < now;
}

bool claimable(const Job& job, TimeMs now) {
  if (job.status == JobStatus::Pending) return job.run_after <= now;
  return lease_expired(job, now) && job.attempts < job.max_attempts && !job.cancel_requested;
}

bool needs_reaping(const Job& job, TimeMs now) {
  return lease_expired(job, now) && (job.cancel_requested || job.attempts >= job.max_attempts);
}

Job apply_claim(Job job, Lease lease, TimeMs now) {
  require_transition(job.status, JobStatus::Processing);
  if (job.status == JobStatus::Processing) record_error(job, lost_lease_error(true), now);
  job.status = JobStatus::Processing;
  job.lease = std::move(lease);
  job.attempts += 1;
  job.started_at = job.started_at.value_or(now);
  job.updated_at = now;
  job.progress.stage = stage_name(Stage::Starting);
  return job;
}

Job apply_reap(Job job, TimeMs now) {
  if (job.cancel_requested) {
    finish(job, JobStatus::Cancelled, now);
  } else {
    record_error(job, lost_lease_error(false), now);
    finish(job, JobStatus::Failed, now);
  }
  return job;
}

bool holds_lease(const Job& job, const std::string& lease_id) {
  return job.status == JobStatus::Processing && job.lease && job.lease->id == lease_id;
}

LeasedChange apply_heartbeat(Job job, TimeMs lease_expires_at, const std::optional<Progress>& progress,
                             TimeMs now) {
  job.lease->expires_at = lease_expires_at;
  if (progress) {
    job.progress = *progress;
    job.updated_at = now;
  }
  LeaseCheck outcome = job.cancel_requested ? LeaseCheck::CancelRequested : LeaseCheck::Ok;
  return {std::move(job), outcome};
}

Job apply_complete(Job job, const Json& result, TimeMs now) {
  finish(job, JobStatus::Completed, now);
  job.result = result;
  job.error.reset();
  job.progress.stage = stage_name(Stage::Done);
  return job;
}

Job apply_acknowledge_cancel(Job job, TimeMs now) {
  finish(job, JobStatus::Cancelled, now);
  return job;
}

Job apply_failure(Job job, const JobError& error, TimeMs retry_delay_ms, TimeMs now) {
  record_error(job, error, now);
  bool retry = error.retryable && job.attempts < job.max_attempts && !job.cancel_requested;
  if (retry) {
    requeue(job, now + retry_delay_ms, now);
  } else {
    finish(job, JobStatus::Failed, now);
  }
  return job;
}

LeasedChange apply_release(Job job, TimeMs now) {
  if (job.cancel_requested) {
    finish(job, JobStatus::Cancelled, now);
    return {std::move(job), LeaseCheck::CancelRequested};
  }
  requeue(job, now, now);
  job.attempts = std::max(job.attempts - 1, 0);
  return {std::move(job), LeaseCheck::Ok};
}

CancelChange apply_cancel(Job job, const std::string& owner, TimeMs now) {
  if (job.owner != owner) return {std::move(job), CancelOutcome::NotFound, false};
  if (is_terminal(job.status)) return {std::move(job), CancelOutcome::AlreadyFinished, false};
  if (job.status == JobStatus::Pending) {
    finish(job, JobStatus::Cancelled, now);
    return {std::move(job), CancelOutcome::Cancelled, true};
  }
  job.cancel_requested = true;
  job.updated_at = now;
  return {std::move(job), CancelOutcome::Flagged, true};
}

DeleteOutcome delete_outcome(const std::optional<Job>& job, const std::string& owner) {
  if (!job || job->owner != owner) return DeleteOutcome::NotFound;
  return is_terminal(job->status) ? DeleteOutcome::Deleted : DeleteOutcome::StillRunning;
}

std::vector<std::string> blobs_of(const Job& job) {
  std::vector<std::string> blobs;
  auto add = [&](const std::string& sha256) {
    if (is_valid_sha256(sha256) && std::find(blobs.begin(), blobs.end(), sha256) == blobs.end()) blobs.push_back(sha256);
  };
  add(job.media.sha256);
  if (job.result && job.result->is_object() && job.result->contains("artifacts") && (*job.result)["artifacts"].is_array())
    for (const Json& artifact : (*job.result)["artifacts"])
      if (artifact.is_object() && artifact.contains("sha256") && artifact["sha256"].is_string())
        add(artifact["sha256"].get<std::string>());
  return blobs;
}

}  // namespace deeptrace
