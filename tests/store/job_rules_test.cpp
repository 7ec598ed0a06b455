// The job state rules (store/job_rules.hpp) as pure functions: every backend
// applies these, so their answers are checked here directly, without a
// database; the conformance suite checks that each backend uses them.
#include <gtest/gtest.h>

#include "store/job_rules.hpp"

namespace deeptrace {
namespace {

constexpr TimeMs kNow = 1'000'000;

Job pending_job(TimeMs run_after = kNow) {
  NewJob request;
  request.owner = "alice";
  request.max_attempts = 3;
  Job job = new_pending_job(request, "0123456789abcdef0123456789ab", kNow - 500);
  job.run_after = run_after;
  return job;
}

// A job leased to "worker-1" whose lease runs out at `expires_at`.
Job leased_job(int attempts, TimeMs expires_at = kNow + 30'000) {
  Job job = pending_job();
  job.status = JobStatus::Processing;
  job.attempts = attempts;
  job.started_at = kNow - 400;
  job.lease = Lease{"lease-1", "worker-1", expires_at};
  job.progress = Progress{"frames", 3, 10};
  return job;
}

const JobError kRetryable{ErrorCode::STORE_UNAVAILABLE, "database busy", true};
const JobError kPermanent{ErrorCode::UNSUPPORTED_MEDIA, "not a video", false};

TEST(JobRules, JobIdsAre28LowercaseHexCharacters) {
  EXPECT_TRUE(is_valid_job_id("0123456789abcdef0123456789ab"));
  EXPECT_FALSE(is_valid_job_id("0123456789ABCDEF0123456789AB"));
  EXPECT_FALSE(is_valid_job_id("0123456789abcdef0123456789a"));
  EXPECT_FALSE(is_valid_job_id("0123456789abcdef0123456789ag"));
  EXPECT_FALSE(is_valid_job_id(""));
}

TEST(JobRules, ANewJobIsPendingAndRunnableAtOnce) {
  NewJob request;
  request.owner = "bob";
  request.priority = 7;
  request.max_attempts = 5;
  request.idempotency_key = "k1";
  Job job = new_pending_job(request, "id", kNow);
  EXPECT_EQ(job.status, JobStatus::Pending);
  EXPECT_EQ(job.owner, "bob");
  EXPECT_EQ(job.priority, 7);
  EXPECT_EQ(job.max_attempts, 5);
  EXPECT_EQ(job.idempotency_key, "k1");
  EXPECT_EQ(job.attempts, 0);
  EXPECT_EQ(job.run_after, kNow);
  EXPECT_EQ(job.created_at, kNow);
  EXPECT_TRUE(claimable(job, kNow));
}

TEST(JobRules, PendingJobsAreClaimableOnceTheirRunAfterHasCome) {
  EXPECT_TRUE(claimable(pending_job(kNow), kNow));
  EXPECT_TRUE(claimable(pending_job(kNow - 1), kNow));
  EXPECT_FALSE(claimable(pending_job(kNow + 1), kNow));
  EXPECT_FALSE(needs_reaping(pending_job(kNow - 1), kNow));
}

TEST(JobRules, ALeaseExpiresStrictlyAfterItsDeadline) {
  EXPECT_FALSE(lease_expired(leased_job(1, kNow), kNow));
  EXPECT_TRUE(lease_expired(leased_job(1, kNow - 1), kNow));
  Job finished = leased_job(1, kNow - 1);
  finished.status = JobStatus::Completed;
  EXPECT_FALSE(lease_expired(finished, kNow));
}

TEST(JobRules, AnExpiredLeaseIsClaimedAgainWhileAttemptsAreLeft) {
  Job live = leased_job(1, kNow + 1);
  EXPECT_FALSE(claimable(live, kNow));
  EXPECT_FALSE(needs_reaping(live, kNow));

  Job retryable = leased_job(2, kNow - 1);
  EXPECT_TRUE(claimable(retryable, kNow));
  EXPECT_FALSE(needs_reaping(retryable, kNow));
}

TEST(JobRules, AnExpiredLeaseWithNoAttemptsLeftOrACancelIsReapedNotClaimed) {
  Job spent = leased_job(3, kNow - 1);
  EXPECT_FALSE(claimable(spent, kNow));
  EXPECT_TRUE(needs_reaping(spent, kNow));

  Job cancelled = leased_job(1, kNow - 1);
  cancelled.cancel_requested = true;
  EXPECT_FALSE(claimable(cancelled, kNow));
  EXPECT_TRUE(needs_reaping(cancelled, kNow));
}

TEST(JobRules, ClaimingAPendingJobLeasesItAndCountsTheAttempt) {
  Job job = apply_claim(pending_job(), Lease{"lease-2", "worker-2", kNow + 30'000}, kNow);
  EXPECT_EQ(job.status, JobStatus::Processing);
  EXPECT_EQ(job.attempts, 1);
  ASSERT_TRUE(job.lease);
  EXPECT_EQ(job.lease->id, "lease-2");
  EXPECT_EQ(job.lease->owner, "worker-2");
  EXPECT_EQ(job.lease->expires_at, kNow + 30'000);
  EXPECT_EQ(job.started_at, kNow);
  EXPECT_EQ(job.updated_at, kNow);
  EXPECT_EQ(job.progress.stage, "starting");
  EXPECT_FALSE(job.error);
  EXPECT_TRUE(job.error_history.empty());
}

TEST(JobRules, TakingOverAnExpiredLeaseRecordsTheLostAttempt) {
  Job job = apply_claim(leased_job(1, kNow - 1), Lease{"lease-2", "worker-2", kNow + 30'000}, kNow);
  EXPECT_EQ(job.attempts, 2);
  EXPECT_EQ(job.started_at, kNow - 400);  // the first start is kept
  ASSERT_EQ(job.error_history.size(), 1u);
  EXPECT_EQ(job.error_history[0].attempt, 1);
  EXPECT_EQ(job.error_history[0].at, kNow);
  EXPECT_EQ(job.error_history[0].error.code, ErrorCode::WORKER_LOST);
  EXPECT_TRUE(job.error_history[0].error.retryable);
  ASSERT_TRUE(job.error);
  EXPECT_EQ(job.error->code, ErrorCode::WORKER_LOST);
}

TEST(JobRules, ReapingFailsASpentJobWithWorkerLost) {
  Job job = apply_reap(leased_job(3, kNow - 1), kNow);
  EXPECT_EQ(job.status, JobStatus::Failed);
  EXPECT_FALSE(job.lease);
  EXPECT_EQ(job.finished_at, kNow);
  ASSERT_TRUE(job.error);
  EXPECT_EQ(job.error->code, ErrorCode::WORKER_LOST);
  EXPECT_FALSE(job.error->retryable);
  ASSERT_EQ(job.error_history.size(), 1u);
  EXPECT_EQ(job.error_history[0].attempt, 3);
}

TEST(JobRules, ReapingARequestedCancelCancelsWithoutAnError) {
  Job expired = leased_job(1, kNow - 1);
  expired.cancel_requested = true;
  Job job = apply_reap(expired, kNow);
  EXPECT_EQ(job.status, JobStatus::Cancelled);
  EXPECT_FALSE(job.lease);
  EXPECT_EQ(job.finished_at, kNow);
  EXPECT_FALSE(job.error);
  EXPECT_TRUE(job.error_history.empty());
}

TEST(JobRules, OnlyTheCurrentLeaseTokenHoldsTheJob) {
  Job job = leased_job(1);
  EXPECT_TRUE(holds_lease(job, "lease-1"));
  EXPECT_FALSE(holds_lease(job, "lease-0"));
  job.status = JobStatus::Pending;
  EXPECT_FALSE(holds_lease(job, "lease-1"));
}

TEST(JobRules, AHeartbeatExtendsTheLeaseAndMovesUpdatedAtOnlyWithProgress) {
  LeasedChange idle = apply_heartbeat(leased_job(1), kNow + 60'000, std::nullopt, kNow);
  EXPECT_EQ(idle.outcome, LeaseCheck::Ok);
  EXPECT_EQ(idle.job.lease->expires_at, kNow + 60'000);
  EXPECT_EQ(idle.job.updated_at, kNow - 500);
  EXPECT_EQ(idle.job.progress.done, 3);

  LeasedChange busy = apply_heartbeat(leased_job(1), kNow + 60'000, Progress{"frames", 7, 10}, kNow);
  EXPECT_EQ(busy.job.updated_at, kNow);
  EXPECT_EQ(busy.job.progress.done, 7);
}

TEST(JobRules, AHeartbeatTellsTheWorkerAboutARequestedCancel) {
  Job job = leased_job(1);
  job.cancel_requested = true;
  LeasedChange change = apply_heartbeat(job, kNow + 60'000, std::nullopt, kNow);
  EXPECT_EQ(change.outcome, LeaseCheck::CancelRequested);
  EXPECT_EQ(change.job.status, JobStatus::Processing);
}

TEST(JobRules, CompletingStoresTheResultAndClearsAnEarlierError) {
  Job job = leased_job(2);
  job.error = kRetryable;
  Job done = apply_complete(job, Json{{"verdict", "real"}}, kNow);
  EXPECT_EQ(done.status, JobStatus::Completed);
  EXPECT_EQ(done.result, (Json{{"verdict", "real"}}));
  EXPECT_FALSE(done.error);
  EXPECT_FALSE(done.lease);
  EXPECT_EQ(done.finished_at, kNow);
  EXPECT_EQ(done.progress.stage, "done");
}

TEST(JobRules, AcknowledgingACancelEndsTheJob) {
  Job job = apply_acknowledge_cancel(leased_job(1), kNow);
  EXPECT_EQ(job.status, JobStatus::Cancelled);
  EXPECT_FALSE(job.lease);
  EXPECT_EQ(job.finished_at, kNow);
}

TEST(JobRules, ARetryableFailureWithAttemptsLeftIsRetriedAfterTheDelay) {
  Job job = apply_failure(leased_job(1), kRetryable, 2'000, kNow);
  EXPECT_EQ(job.status, JobStatus::Pending);
  EXPECT_EQ(job.run_after, kNow + 2'000);
  EXPECT_EQ(job.attempts, 1);  // the attempt is spent
  EXPECT_FALSE(job.lease);
  EXPECT_FALSE(job.finished_at);
  EXPECT_EQ(job.progress.stage, "queued");
  EXPECT_EQ(job.error->code, ErrorCode::STORE_UNAVAILABLE);
  ASSERT_EQ(job.error_history.size(), 1u);
  EXPECT_EQ(job.error_history[0].attempt, 1);
  EXPECT_FALSE(claimable(job, kNow + 1'999));
  EXPECT_TRUE(claimable(job, kNow + 2'000));
}

TEST(JobRules, AFailureOnTheLastAttemptFailsForGood) {
  Job job = apply_failure(leased_job(3), kRetryable, 2'000, kNow);
  EXPECT_EQ(job.status, JobStatus::Failed);
  EXPECT_EQ(job.finished_at, kNow);
  EXPECT_FALSE(job.lease);
  ASSERT_EQ(job.error_history.size(), 1u);
  EXPECT_EQ(job.error_history[0].attempt, 3);
}

TEST(JobRules, APermanentFailureIsNotRetried) {
  Job job = apply_failure(leased_job(1), kPermanent, 2'000, kNow);
  EXPECT_EQ(job.status, JobStatus::Failed);
  EXPECT_EQ(job.error->code, ErrorCode::UNSUPPORTED_MEDIA);
}

TEST(JobRules, ARequestedCancelSuppressesTheRetry) {
  Job leased = leased_job(1);
  leased.cancel_requested = true;
  Job job = apply_failure(leased, kRetryable, 2'000, kNow);
  EXPECT_EQ(job.status, JobStatus::Failed);
  EXPECT_EQ(job.error_history.size(), 1u);
}

TEST(JobRules, ReleasingRequeuesAtOnceWithoutSpendingTheAttempt) {
  LeasedChange change = apply_release(leased_job(2), kNow);
  EXPECT_EQ(change.outcome, LeaseCheck::Ok);
  EXPECT_EQ(change.job.status, JobStatus::Pending);
  EXPECT_EQ(change.job.attempts, 1);
  EXPECT_EQ(change.job.run_after, kNow);
  EXPECT_FALSE(change.job.lease);
  EXPECT_EQ(change.job.progress.stage, "queued");
  EXPECT_TRUE(claimable(change.job, kNow));
}

TEST(JobRules, ReleasingACancelledJobCancelsIt) {
  Job leased = leased_job(1);
  leased.cancel_requested = true;
  LeasedChange change = apply_release(leased, kNow);
  EXPECT_EQ(change.outcome, LeaseCheck::CancelRequested);
  EXPECT_EQ(change.job.status, JobStatus::Cancelled);
  EXPECT_EQ(change.job.finished_at, kNow);
  EXPECT_EQ(change.job.attempts, 1);
  EXPECT_FALSE(change.job.lease);
}

TEST(JobRules, CancellingAPendingJobEndsItAtOnce) {
  CancelChange change = apply_cancel(pending_job(), "alice", kNow);
  EXPECT_EQ(change.outcome, CancelOutcome::Cancelled);
  EXPECT_TRUE(change.changed);
  EXPECT_EQ(change.job.status, JobStatus::Cancelled);
  EXPECT_EQ(change.job.finished_at, kNow);
}

TEST(JobRules, CancellingARunningJobFlagsItForItsWorker) {
  CancelChange change = apply_cancel(leased_job(1), "alice", kNow);
  EXPECT_EQ(change.outcome, CancelOutcome::Flagged);
  EXPECT_TRUE(change.changed);
  EXPECT_EQ(change.job.status, JobStatus::Processing);
  EXPECT_TRUE(change.job.cancel_requested);
  EXPECT_EQ(change.job.updated_at, kNow);
}

TEST(JobRules, AnotherOwnersJobIsNotFoundAndAFinishedJobIsLeftAlone) {
  CancelChange foreign = apply_cancel(pending_job(), "mallory", kNow);
  EXPECT_EQ(foreign.outcome, CancelOutcome::NotFound);
  EXPECT_FALSE(foreign.changed);
  EXPECT_EQ(foreign.job.status, JobStatus::Pending);

  Job done = apply_complete(leased_job(1), Json::object(), kNow - 10);
  CancelChange finished = apply_cancel(done, "alice", kNow);
  EXPECT_EQ(finished.outcome, CancelOutcome::AlreadyFinished);
  EXPECT_FALSE(finished.changed);
  EXPECT_EQ(finished.job.status, JobStatus::Completed);
}

}  // namespace
}  // namespace deeptrace
