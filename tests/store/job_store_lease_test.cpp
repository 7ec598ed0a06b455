// Conformance: claiming, leases, fencing, retries and the state machine.
#include "job_store_fixture.hpp"

namespace deeptrace::testing {
namespace {

using namespace std::chrono_literals;

const BackoffPolicy kNoBackoff{0ms, 0ms};
const BackoffPolicy kHourBackoff{std::chrono::hours(1), std::chrono::hours(1)};

JobError retryable_error() { return {ErrorCode::INFERENCE_FAILED, "model crashed", true}; }

TEST_P(JobStoreConformance, ClaimOnEmptyQueueFindsNothing) {
  EXPECT_FALSE(store_->claim("worker-1", 30s).has_value());
}

TEST_P(JobStoreConformance, ClaimTakesALeaseAndCountsTheAttempt) {
  Job job = create_job();
  TimeMs before = now_ms();
  Job claimed = claim_expecting(job.id, 30s);
  EXPECT_EQ(claimed.status, JobStatus::Processing);
  EXPECT_EQ(claimed.attempts, 1);
  ASSERT_TRUE(claimed.lease.has_value());
  EXPECT_EQ(claimed.lease->owner, "worker-1");
  EXPECT_EQ(claimed.lease->id.size(), 32u);
  EXPECT_GE(claimed.lease->expires_at, before + 30000);
  EXPECT_TRUE(claimed.started_at.has_value());
  EXPECT_EQ(job_to_document(reload(job.id)), job_to_document(claimed));
  EXPECT_FALSE(store_->claim("worker-2", 30s).has_value());  // leased jobs are not handed out twice
}

TEST_P(JobStoreConformance, ClaimOrderIsPriorityThenAge) {
  Job old_low = create_job("alice", 0);
  std::this_thread::sleep_for(2ms);
  Job high = create_job("alice", 5);
  std::this_thread::sleep_for(2ms);
  Job new_low = create_job("alice", 0);
  std::this_thread::sleep_for(2ms);
  Job negative = create_job("alice", -1);
  EXPECT_EQ(store_->claim("w", 30s)->id, high.id);
  EXPECT_EQ(store_->claim("w", 30s)->id, old_low.id);
  EXPECT_EQ(store_->claim("w", 30s)->id, new_low.id);
  EXPECT_EQ(store_->claim("w", 30s)->id, negative.id);
  EXPECT_FALSE(store_->claim("w", 30s).has_value());
}

TEST_P(JobStoreConformance, RetryWaitsForItsBackoff) {
  Job job = create_job();
  Job claimed = claim_expecting(job.id);
  TimeMs before = now_ms();
  ASSERT_EQ(store_->fail(job.id, claimed.lease->id, retryable_error(), kHourBackoff), LeaseCheck::Ok);
  Job pending = reload(job.id);
  EXPECT_EQ(pending.status, JobStatus::Pending);
  EXPECT_GE(pending.run_after, before + 1800 * 1000);  // at least half the base delay (jitter)
  EXPECT_FALSE(store_->claim("worker-2", 30s).has_value());
  EXPECT_FALSE(store_->stats().oldest_pending_created_at.has_value());  // not runnable yet
}

TEST_P(JobStoreConformance, ExpiredLeaseIsReclaimedUnderANewToken) {
  Job job = create_job();
  Job first = claim_expecting(job.id, 100ms);
  sleep_past(100ms);
  auto second = store_->claim("worker-2", 30s);
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(second->id, job.id);
  EXPECT_EQ(second->attempts, 2);
  EXPECT_EQ(second->lease->owner, "worker-2");
  EXPECT_NE(second->lease->id, first.lease->id);
  EXPECT_EQ(second->started_at, first.started_at);
}

TEST_P(JobStoreConformance, StaleLeaseHolderCannotWrite) {
  Job job = create_job();
  Job stale = claim_expecting(job.id, 100ms);
  sleep_past(100ms);
  auto current = store_->claim("worker-2", 30s);
  ASSERT_TRUE(current.has_value());
  Json before = job_to_document(reload(job.id));

  const std::string& token = stale.lease->id;
  EXPECT_EQ(store_->heartbeat(job.id, token, 30s, Progress{"scoring", 1, 2}), LeaseCheck::Lost);
  EXPECT_EQ(store_->complete(job.id, token, Json{{"verdict", "fake"}}), LeaseCheck::Lost);
  EXPECT_EQ(store_->fail(job.id, token, retryable_error(), kNoBackoff), LeaseCheck::Lost);
  EXPECT_EQ(store_->release(job.id, token), LeaseCheck::Lost);
  EXPECT_EQ(store_->acknowledge_cancel(job.id, token), LeaseCheck::Lost);
  EXPECT_EQ(job_to_document(reload(job.id)), before);

  EXPECT_EQ(store_->complete(job.id, current->lease->id, Json{{"verdict", "real"}}), LeaseCheck::Ok);
}

TEST_P(JobStoreConformance, HeartbeatExtendsTheLeaseAndRecordsProgress) {
  Job job = create_job();
  Job claimed = claim_expecting(job.id, 100ms);
  ASSERT_EQ(store_->heartbeat(job.id, claimed.lease->id, 60s, Progress{"decoding", 3, 16}), LeaseCheck::Ok);
  Job beat = reload(job.id);
  EXPECT_GT(beat.lease->expires_at, claimed.lease->expires_at + 50000);
  EXPECT_EQ(beat.progress.stage, "decoding");
  EXPECT_EQ(beat.progress.done, 3);
  EXPECT_EQ(beat.progress.total, 16);

  sleep_past(100ms);  // past the original lease, inside the extended one
  EXPECT_FALSE(store_->claim("worker-2", 30s).has_value());
  ASSERT_EQ(store_->heartbeat(job.id, claimed.lease->id, 60s, std::nullopt), LeaseCheck::Ok);
  EXPECT_EQ(reload(job.id).progress.stage, "decoding");  // no progress given: kept
}

TEST_P(JobStoreConformance, CompleteStoresTheResult) {
  Job job = create_job();
  Job claimed = claim_expecting(job.id);
  Json result = {{"verdict", "fake"}, {"score", 0.91}};
  ASSERT_EQ(store_->complete(job.id, claimed.lease->id, result), LeaseCheck::Ok);
  Job done = reload(job.id);
  EXPECT_EQ(done.status, JobStatus::Completed);
  EXPECT_EQ(done.result, result);
  EXPECT_EQ(done.progress.stage, "done");
  EXPECT_TRUE(done.finished_at.has_value());
  EXPECT_FALSE(done.lease.has_value());
  EXPECT_EQ(store_->complete(job.id, claimed.lease->id, result), LeaseCheck::Lost);
}

TEST_P(JobStoreConformance, RetryableFailuresRetryUntilAttemptsRunOut) {
  NewJob request = new_job();
  request.max_attempts = 2;
  Job job = create_job_with(request);
  Job first = claim_expecting(job.id);
  ASSERT_EQ(store_->fail(job.id, first.lease->id, retryable_error(), kNoBackoff), LeaseCheck::Ok);
  Job retried = reload(job.id);
  EXPECT_EQ(retried.status, JobStatus::Pending);
  EXPECT_FALSE(retried.lease.has_value());
  ASSERT_TRUE(retried.error.has_value());
  EXPECT_EQ(retried.error->code, ErrorCode::INFERENCE_FAILED);
  ASSERT_EQ(retried.error_history.size(), 1u);
  EXPECT_EQ(retried.error_history[0].attempt, 1);

  Job second = claim_expecting(job.id);
  EXPECT_EQ(second.attempts, 2);
  ASSERT_EQ(store_->fail(job.id, second.lease->id, retryable_error(), kNoBackoff), LeaseCheck::Ok);
  Job failed = reload(job.id);
  EXPECT_EQ(failed.status, JobStatus::Failed);
  EXPECT_TRUE(failed.finished_at.has_value());
  ASSERT_EQ(failed.error_history.size(), 2u);
  EXPECT_EQ(failed.error_history[1].attempt, 2);
  EXPECT_EQ(failed.error_history[1].error.message, "model crashed");
  EXPECT_FALSE(store_->claim("worker-1", 30s).has_value());
}

TEST_P(JobStoreConformance, NonRetryableFailureFailsAtOnce) {
  Job job = create_job();
  Job claimed = claim_expecting(job.id);
  JobError corrupt{ErrorCode::CORRUPT_MEDIA, "no decodable frames", false};
  ASSERT_EQ(store_->fail(job.id, claimed.lease->id, corrupt, kNoBackoff), LeaseCheck::Ok);
  Job failed = reload(job.id);
  EXPECT_EQ(failed.status, JobStatus::Failed);
  EXPECT_EQ(failed.attempts, 1);
  ASSERT_TRUE(failed.error.has_value());
  EXPECT_EQ(failed.error->code, ErrorCode::CORRUPT_MEDIA);
  EXPECT_FALSE(failed.error->retryable);
  EXPECT_EQ(failed.error_history.size(), 1u);
}

TEST_P(JobStoreConformance, RetryableFailureOfACancelledJobDoesNotRetry) {
  Job job = create_job();
  Job claimed = claim_expecting(job.id);
  ASSERT_EQ(store_->cancel(job.id, "alice"), CancelOutcome::Flagged);
  ASSERT_EQ(store_->fail(job.id, claimed.lease->id, retryable_error(), kNoBackoff), LeaseCheck::Ok);
  EXPECT_TRUE(is_terminal(reload(job.id).status));
  EXPECT_FALSE(store_->claim("worker-1", 30s).has_value());
}

TEST_P(JobStoreConformance, ReleaseReturnsTheJobWithoutSpendingAnAttempt) {
  Job job = create_job();
  Job claimed = claim_expecting(job.id);
  ASSERT_EQ(store_->release(job.id, claimed.lease->id), LeaseCheck::Ok);
  Job released = reload(job.id);
  EXPECT_EQ(released.status, JobStatus::Pending);
  EXPECT_EQ(released.attempts, 0);
  EXPECT_FALSE(released.lease.has_value());
  EXPECT_EQ(claim_expecting(job.id).attempts, 1);
}

TEST_P(JobStoreConformance, ReleaseOfACancelRequestedJobCancelsIt) {
  Job job = create_job();
  Job claimed = claim_expecting(job.id);
  ASSERT_EQ(store_->cancel(job.id, "alice"), CancelOutcome::Flagged);
  EXPECT_EQ(store_->release(job.id, claimed.lease->id), LeaseCheck::CancelRequested);
  EXPECT_EQ(reload(job.id).status, JobStatus::Cancelled);
}

TEST_P(JobStoreConformance, ExpiredLeasesWithNoAttemptsLeftFailAsWorkerLost) {
  NewJob request = new_job();
  request.max_attempts = 2;
  Job job = create_job_with(request);
  claim_expecting(job.id, 100ms);
  sleep_past(100ms);
  ASSERT_EQ(claim_expecting(job.id, 100ms).attempts, 2);
  sleep_past(100ms);
  EXPECT_FALSE(store_->claim("worker-3", 30s).has_value());

  Job failed = reload(job.id);
  EXPECT_EQ(failed.status, JobStatus::Failed);
  ASSERT_TRUE(failed.error.has_value());
  EXPECT_EQ(failed.error->code, ErrorCode::WORKER_LOST);
  EXPECT_FALSE(failed.error->retryable);
  // Every lost attempt is on record, not only the last.
  ASSERT_EQ(failed.error_history.size(), 2u);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(failed.error_history[i].error.code, ErrorCode::WORKER_LOST);
    EXPECT_EQ(failed.error_history[i].attempt, i + 1);
  }
  EXPECT_TRUE(failed.error_history[0].error.retryable);  // it was retried
  EXPECT_LE(failed.error_history[0].at, failed.error_history[1].at);
  EXPECT_TRUE(failed.finished_at.has_value());
  EXPECT_FALSE(failed.lease.has_value());
}

TEST_P(JobStoreConformance, ReclaimingAnExpiredLeaseRecordsTheLostAttempt) {
  Job job = create_job();
  claim_expecting(job.id, 100ms);
  sleep_past(100ms);
  TimeMs before = now_ms();
  Job second = claim_expecting(job.id, 30s);
  EXPECT_EQ(second.attempts, 2);
  ASSERT_EQ(second.error_history.size(), 1u);
  const ErrorRecord& lost = second.error_history[0];
  EXPECT_EQ(lost.error.code, ErrorCode::WORKER_LOST);
  EXPECT_EQ(lost.attempt, 1);
  EXPECT_TRUE(lost.error.retryable);
  EXPECT_GE(lost.at, before);
  ASSERT_TRUE(second.error.has_value());
  EXPECT_EQ(second.error->code, ErrorCode::WORKER_LOST);
  EXPECT_EQ(job_to_document(reload(job.id)), job_to_document(second));

  // The second attempt succeeds: the history of the lost one stays.
  ASSERT_EQ(store_->complete(job.id, second.lease->id, Json{{"verdict", "real"}}), LeaseCheck::Ok);
  Job done = reload(job.id);
  EXPECT_EQ(done.status, JobStatus::Completed);
  EXPECT_FALSE(done.error.has_value());
  ASSERT_EQ(done.error_history.size(), 1u);
  EXPECT_EQ(done.error_history[0].attempt, 1);
}

TEST_P(JobStoreConformance, ExpiredLeaseOfACancelRequestedJobCancelsIt) {
  Job job = create_job();
  claim_expecting(job.id, 100ms);
  ASSERT_EQ(store_->cancel(job.id, "alice"), CancelOutcome::Flagged);
  sleep_past(100ms);
  EXPECT_FALSE(store_->claim("worker-2", 30s).has_value());
  Job cancelled = reload(job.id);
  EXPECT_EQ(cancelled.status, JobStatus::Cancelled);
  EXPECT_TRUE(cancelled.finished_at.has_value());
}

TEST_P(JobStoreConformance, WorkerWritesOnUnleasedJobsChangeNothing) {
  Job pending = create_job();
  Json before = job_to_document(reload(pending.id));
  const std::string forged = "00000000000000000000000000000000";
  EXPECT_EQ(store_->complete(pending.id, forged, Json::object()), LeaseCheck::Lost);
  EXPECT_EQ(store_->heartbeat(pending.id, forged, 30s, std::nullopt), LeaseCheck::Lost);
  EXPECT_EQ(store_->fail(pending.id, forged, retryable_error(), kNoBackoff), LeaseCheck::Lost);
  EXPECT_EQ(store_->release(pending.id, forged), LeaseCheck::Lost);
  EXPECT_EQ(store_->acknowledge_cancel(pending.id, forged), LeaseCheck::Lost);
  EXPECT_EQ(store_->complete("0000000000000000000000000000", forged, Json::object()), LeaseCheck::Lost);
  EXPECT_EQ(job_to_document(reload(pending.id)), before);

  // A finished job keeps its state even against the token that finished it.
  Job claimed = claim_expecting(pending.id);
  ASSERT_EQ(store_->complete(pending.id, claimed.lease->id, Json::object()), LeaseCheck::Ok);
  Json done = job_to_document(reload(pending.id));
  EXPECT_EQ(store_->fail(pending.id, claimed.lease->id, retryable_error(), kNoBackoff), LeaseCheck::Lost);
  EXPECT_EQ(store_->release(pending.id, claimed.lease->id), LeaseCheck::Lost);
  EXPECT_EQ(store_->acknowledge_cancel(pending.id, claimed.lease->id), LeaseCheck::Lost);
  EXPECT_EQ(job_to_document(reload(pending.id)), done);
}

}  // namespace
}  // namespace deeptrace::testing
