// Conformance: creation, reads, listing, idempotency, cancel, purge, stats.
#include <algorithm>
#include <set>

#include "job_store_fixture.hpp"

namespace deeptrace::testing {
namespace {

using namespace std::chrono_literals;

TEST_P(JobStoreConformance, CreateThenGetRoundTripsEveryField) {
  TimeMs before = now_ms();
  NewJob request = new_job("alice", 7);
  request.idempotency_key = "upload-1";
  request.max_attempts = 5;
  CreateResult result = store_->create(request);
  EXPECT_TRUE(result.created);

  Job job = reload(result.job.id);
  EXPECT_EQ(job.id.size(), 28u);
  EXPECT_EQ(job.owner, "alice");
  EXPECT_EQ(job.status, JobStatus::Pending);
  EXPECT_EQ(job.priority, 7);
  EXPECT_EQ(job.attempts, 0);
  EXPECT_EQ(job.max_attempts, 5);
  EXPECT_EQ(job.idempotency_key, "upload-1");
  EXPECT_FALSE(job.lease.has_value());
  EXPECT_FALSE(job.cancel_requested);
  EXPECT_GE(job.created_at, before);
  EXPECT_LE(job.run_after, now_ms());
  EXPECT_FALSE(job.started_at.has_value());
  EXPECT_FALSE(job.finished_at.has_value());
  EXPECT_EQ(media_to_json(job.media), media_to_json(request.media));
  EXPECT_EQ(options_to_json(job.options), options_to_json(request.options));
  EXPECT_EQ(job.progress.stage, "queued");
  EXPECT_EQ(job_to_document(job), job_to_document(result.job));
}

TEST_P(JobStoreConformance, GetUnknownJobIsEmpty) {
  EXPECT_FALSE(store_->get("0000000000000000000000000000").has_value());
  EXPECT_FALSE(store_->get("not-an-id").has_value());
}

TEST_P(JobStoreConformance, CreateRejectsInvalidRequests) {
  NewJob no_owner = new_job("");
  NewJob no_attempts = new_job();
  no_attempts.max_attempts = 0;
  NewJob bad_frames = new_job();
  bad_frames.options.frames = 0;
  NewJob empty_key = new_job();
  empty_key.idempotency_key = "";
  for (const auto& request : {no_owner, no_attempts, bad_frames, empty_key}) {
    try {
      store_->create(request);
      ADD_FAILURE() << "accepted an invalid job";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::INVALID_REQUEST);
    }
  }
}

TEST_P(JobStoreConformance, ListPagesNewestFirstWithCursor) {
  std::vector<std::string> ids;
  for (int i = 0; i < 7; ++i) {
    ids.push_back(create_job("alice").id);
    std::this_thread::sleep_for(2ms);  // distinct creation milliseconds
  }
  create_job("bob");
  std::sort(ids.rbegin(), ids.rend());

  std::vector<std::string> seen;
  std::optional<std::string> cursor;
  std::vector<size_t> page_sizes;
  do {
    JobPage page = store_->list("alice", 3, cursor, {});
    page_sizes.push_back(page.jobs.size());
    for (const auto& job : page.jobs) {
      EXPECT_EQ(job.owner, "alice");
      seen.push_back(job.id);
    }
    cursor = page.next_cursor;
  } while (cursor);
  EXPECT_EQ(page_sizes, (std::vector<size_t>{3, 3, 1}));
  EXPECT_EQ(seen, ids);
}

TEST_P(JobStoreConformance, ListOfExactlyOnePageHasNoCursor) {
  create_job("alice");
  create_job("alice");
  JobPage page = store_->list("alice", 2, std::nullopt, {});
  EXPECT_EQ(page.jobs.size(), 2u);
  EXPECT_FALSE(page.next_cursor.has_value());
  EXPECT_TRUE(store_->list("nobody", 10, std::nullopt, {}).jobs.empty());
}

TEST_P(JobStoreConformance, ListRejectsMalformedCursors) {
  create_job("alice");
  for (std::string cursor : {"", "abc", "0000000000000000000000000000f", "ABCDEF0000000000000000000000",
                             "' OR 1=1 --                 ", "zzzzzzzzzzzzzzzzzzzzzzzzzzzz"}) {
    try {
      store_->list("alice", 10, cursor, {});
      ADD_FAILURE() << "accepted cursor '" << cursor << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::INVALID_CURSOR);
    }
  }
}

TEST_P(JobStoreConformance, ListClampsTheLimit) {
  for (int i = 0; i < 102; ++i) create_job("alice");
  EXPECT_EQ(store_->list("alice", 0, std::nullopt, {}).jobs.size(), 1u);
  EXPECT_EQ(store_->list("alice", -5, std::nullopt, {}).jobs.size(), 1u);
  JobPage big = store_->list("alice", 1000, std::nullopt, {});
  EXPECT_EQ(big.jobs.size(), 100u);
  EXPECT_TRUE(big.next_cursor.has_value());
}

TEST_P(JobStoreConformance, SameIdempotencyKeyReturnsTheSameJob) {
  NewJob request = new_job("alice");
  request.idempotency_key = "k1";
  CreateResult first = store_->create(request);
  request.priority = 9;  // a retried request is answered with the original job
  CreateResult second = store_->create(request);
  EXPECT_TRUE(first.created);
  EXPECT_FALSE(second.created);
  EXPECT_EQ(second.job.id, first.job.id);
  EXPECT_EQ(second.job.priority, first.job.priority);
  EXPECT_EQ(store_->list("alice", 10, std::nullopt, {}).jobs.size(), 1u);
}

TEST_P(JobStoreConformance, IdempotencyKeysAreScopedPerOwner) {
  NewJob alice = new_job("alice");
  alice.idempotency_key = "shared";
  NewJob bob = new_job("bob");
  bob.idempotency_key = "shared";
  CreateResult a = store_->create(alice);
  CreateResult b = store_->create(bob);
  EXPECT_TRUE(a.created);
  EXPECT_TRUE(b.created);
  EXPECT_NE(a.job.id, b.job.id);
}

TEST_P(JobStoreConformance, JobsWithoutKeysAreAlwaysNew) {
  EXPECT_NE(create_job().id, create_job().id);
  EXPECT_EQ(store_->list("alice", 10, std::nullopt, {}).jobs.size(), 2u);
}

TEST_P(JobStoreConformance, CancelPendingCancelsAtOnce) {
  Job job = create_job();
  EXPECT_EQ(store_->cancel(job.id, "alice"), CancelOutcome::Cancelled);
  Job after = reload(job.id);
  EXPECT_EQ(after.status, JobStatus::Cancelled);
  EXPECT_TRUE(after.finished_at.has_value());
  EXPECT_FALSE(store_->claim("worker-1", 30s).has_value());
  EXPECT_EQ(store_->cancel(job.id, "alice"), CancelOutcome::AlreadyFinished);
}

TEST_P(JobStoreConformance, CancelProcessingFlagsTheJob) {
  Job job = create_job();
  Job claimed = claim_expecting(job.id);
  EXPECT_EQ(store_->cancel(job.id, "alice"), CancelOutcome::Flagged);
  Job flagged = reload(job.id);
  EXPECT_EQ(flagged.status, JobStatus::Processing);
  EXPECT_TRUE(flagged.cancel_requested);

  EXPECT_EQ(store_->heartbeat(job.id, claimed.lease->id, 30s, std::nullopt), LeaseCheck::CancelRequested);
  EXPECT_EQ(store_->acknowledge_cancel(job.id, claimed.lease->id), LeaseCheck::Ok);
  Job cancelled = reload(job.id);
  EXPECT_EQ(cancelled.status, JobStatus::Cancelled);
  EXPECT_TRUE(cancelled.finished_at.has_value());
  EXPECT_FALSE(cancelled.lease.has_value());
  EXPECT_EQ(store_->acknowledge_cancel(job.id, claimed.lease->id), LeaseCheck::Lost);
}

TEST_P(JobStoreConformance, CancelFinishedJobsReportsAlreadyFinished) {
  Job job = create_job();
  Job claimed = claim_expecting(job.id);
  ASSERT_EQ(store_->complete(job.id, claimed.lease->id, Json{{"verdict", "real"}}), LeaseCheck::Ok);
  EXPECT_EQ(store_->cancel(job.id, "alice"), CancelOutcome::AlreadyFinished);
  EXPECT_EQ(reload(job.id).status, JobStatus::Completed);
}

TEST_P(JobStoreConformance, CancelIsOwnerScoped) {
  Job job = create_job("alice");
  EXPECT_EQ(store_->cancel(job.id, "mallory"), CancelOutcome::NotFound);
  EXPECT_EQ(store_->cancel("0000000000000000000000000000", "alice"), CancelOutcome::NotFound);
  EXPECT_EQ(reload(job.id).status, JobStatus::Pending);
}

TEST_P(JobStoreConformance, PurgeDeletesOldFinishedJobsAndReportsOrphanedMedia) {
  NewJob only_a = new_job();
  only_a.media.sha256 = fake_digest('a');
  NewJob shared_b = new_job();
  shared_b.media.sha256 = fake_digest('b');
  Job done = create_job_with(only_a);
  std::this_thread::sleep_for(2ms);  // `done` is the oldest, so it is claimed first
  Job cancelled = create_job_with(shared_b);
  Job pending = create_job_with(shared_b);
  Job claimed = claim_expecting(done.id);
  ASSERT_EQ(store_->complete(done.id, claimed.lease->id, Json::object()), LeaseCheck::Ok);
  ASSERT_EQ(store_->cancel(cancelled.id, "alice"), CancelOutcome::Cancelled);

  EXPECT_TRUE(store_->purge_finished_before(reload(done.id).finished_at.value() - 1000).empty());
  EXPECT_TRUE(store_->get(done.id).has_value());

  std::this_thread::sleep_for(2ms);
  std::vector<std::string> orphaned = store_->purge_finished_before(now_ms());
  EXPECT_EQ(orphaned, std::vector<std::string>{fake_digest('a')});
  EXPECT_FALSE(store_->get(done.id).has_value());
  EXPECT_FALSE(store_->get(cancelled.id).has_value());
  EXPECT_EQ(reload(pending.id).status, JobStatus::Pending);
}

TEST_P(JobStoreConformance, StatsCountByStatusAndFindStuckJobs) {
  Job first = create_job();
  std::this_thread::sleep_for(2ms);
  Job second = create_job();
  std::this_thread::sleep_for(2ms);
  Job third = create_job();
  ASSERT_EQ(store_->cancel(third.id, "alice"), CancelOutcome::Cancelled);
  Job claimed = claim_expecting(first.id, 100ms);

  QueueStats stats = store_->stats();
  EXPECT_EQ(stats.by_status[JobStatus::Pending], 1);
  EXPECT_EQ(stats.by_status[JobStatus::Processing], 1);
  EXPECT_EQ(stats.by_status[JobStatus::Cancelled], 1);
  EXPECT_EQ(stats.by_status[JobStatus::Completed], 0);
  EXPECT_EQ(stats.by_status.size(), all_statuses().size());
  EXPECT_EQ(stats.oldest_pending_created_at, second.created_at);
  EXPECT_EQ(stats.stuck, 0);

  sleep_past(100ms);
  EXPECT_EQ(store_->stats().stuck, 1);
}

TEST_P(JobStoreConformance, UploadsSinceCountsAnOwnersNewJobsAndTheirBytes) {
  TimeMs start = now_ms();
  NewJob small = new_job("alice");
  small.media.size = 100;
  NewJob keyed = new_job("alice");
  keyed.media.size = 2000;
  keyed.idempotency_key = "once";
  Job first = create_job_with(small);
  std::this_thread::sleep_for(2ms);
  create_job_with(keyed);
  ASSERT_FALSE(store_->create(keyed).created);  // a replay is not another upload
  create_job("bob");

  UploadUsage usage = store_->uploads_since("alice", start);
  EXPECT_EQ(usage.jobs, 2);
  EXPECT_EQ(usage.bytes, 2100);
  EXPECT_EQ(usage.earliest, first.created_at);
  EXPECT_EQ(store_->uploads_since("alice", first.created_at + 1).jobs, 1) << "the window starts at `since`";
  EXPECT_EQ(open_another()->uploads_since("bob", start).bytes, 1234);
  UploadUsage none = store_->uploads_since("carol", start);
  EXPECT_EQ(none.jobs, 0);
  EXPECT_EQ(none.bytes, 0);
  EXPECT_FALSE(none.earliest.has_value());
}

TEST_P(JobStoreConformance, DeletingOrPurgingJobsDoesNotGiveUploadsBack) {
  TimeMs start = now_ms();
  Job cancelled = create_job("alice");
  Job purged = create_job("alice");
  ASSERT_EQ(store_->cancel(cancelled.id, "alice"), CancelOutcome::Cancelled);
  ASSERT_EQ(store_->cancel(purged.id, "alice"), CancelOutcome::Cancelled);
  ASSERT_EQ(store_->remove(cancelled.id, "alice").outcome, DeleteOutcome::Deleted);
  std::this_thread::sleep_for(2ms);
  store_->purge_finished_before(now_ms());
  ASSERT_FALSE(store_->get(purged.id).has_value());
  UploadUsage usage = store_->uploads_since("alice", start);
  EXPECT_EQ(usage.jobs, 2);
  EXPECT_EQ(usage.bytes, 2 * 1234);
}

TEST_P(JobStoreConformance, ActiveJobsCountsAnOwnersPendingAndProcessingJobs) {
  Job processing = create_job("alice");
  std::this_thread::sleep_for(2ms);
  create_job("alice");
  Job cancelled = create_job("alice");
  create_job("bob");
  claim_expecting(processing.id);
  ASSERT_EQ(store_->cancel(cancelled.id, "alice"), CancelOutcome::Cancelled);
  EXPECT_EQ(store_->active_jobs("alice"), 2);
  EXPECT_EQ(store_->active_jobs("bob"), 1);
  EXPECT_EQ(store_->active_jobs("carol"), 0);
}

TEST_P(JobStoreConformance, UpdatedSinceListsChangesOldestFirst) {
  Job a = create_job();
  std::this_thread::sleep_for(2ms);
  Job b = create_job();
  TimeMs mark = b.updated_at;
  std::this_thread::sleep_for(2ms);
  ASSERT_EQ(store_->cancel(a.id, "alice"), CancelOutcome::Cancelled);

  std::vector<Job> changed = store_->updated_since(mark, 10);
  ASSERT_EQ(changed.size(), 2u);
  EXPECT_EQ(changed[0].id, b.id);
  EXPECT_EQ(changed[1].id, a.id);
  EXPECT_EQ(changed[1].status, JobStatus::Cancelled);
  EXPECT_EQ(store_->updated_since(mark, 1).size(), 1u);
  EXPECT_TRUE(store_->updated_since(now_ms() + 60000, 10).empty());
}

TEST_P(JobStoreConformance, WorkerBeatsAreUpsertedAndFilteredByTime) {
  store_->record_worker_beat({"w1", 1000, std::nullopt});
  store_->record_worker_beat({"w2", 2000, "job-x"});
  store_->record_worker_beat({"w1", 3000, "job-y"});

  std::vector<WorkerBeat> all = store_->worker_beats(0);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].worker_id, "w1");
  EXPECT_EQ(all[0].last_seen, 3000);
  EXPECT_EQ(all[0].job_id, "job-y");
  EXPECT_EQ(all[1].job_id, "job-x");
  std::vector<WorkerBeat> recent = store_->worker_beats(2500);
  ASSERT_EQ(recent.size(), 1u);
  EXPECT_EQ(recent[0].worker_id, "w1");
}

TEST_P(JobStoreConformance, PingSucceedsOnAHealthyStore) { EXPECT_NO_THROW(store_->ping()); }

}  // namespace
}  // namespace deeptrace::testing
