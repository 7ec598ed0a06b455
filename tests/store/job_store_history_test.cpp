// Conformance: what the history page does with jobs: filtered lists, and
// deleting a job with the blobs (upload and artifacts) only it refers to.
#include <algorithm>

#include "job_store_fixture.hpp"

namespace deeptrace::testing {

using namespace std::chrono_literals;

// Digests are fake_digest of a hex digit: 'a' is new_job()'s upload.
Job JobStoreConformance::completed(const std::string& filename, char media, const std::string& verdict,
                                   const std::string& artifacts, const std::string& owner) {
  NewJob request = new_job(owner);
  request.media.filename = filename;
  request.media.sha256 = fake_digest(media);
  Job job = create_job_with(request);
  Job claimed = claim_expecting(job.id);
  Json refs = Json::array();
  for (char c : artifacts) refs.push_back({{"name", std::string("face-") + c + ".jpg"}, {"sha256", fake_digest(c)}});
  EXPECT_EQ(store_->complete(job.id, claimed.lease->id, {{"verdict", verdict}, {"artifacts", refs}}), LeaseCheck::Ok);
  std::this_thread::sleep_for(2ms);  // distinct creation milliseconds, so ids order jobs
  return reload(job.id);
}

std::vector<std::string> JobStoreConformance::listed(const JobFilter& filter, int limit) {
  std::vector<std::string> ids;
  std::optional<std::string> cursor;
  do {
    JobPage page = store_->list("alice", limit, cursor, filter);
    for (const Job& job : page.jobs) ids.push_back(job.id);
    cursor = page.next_cursor;
  } while (cursor);
  return ids;
}

namespace {

TEST_P(JobStoreConformance, FiltersByFileNameStatusVerdictAndCreationTime) {
  Job interview = completed("Interview_Final.MP4", '1', "likely_fake", "");
  Job holiday = completed("holiday (1).mov", '2', "likely_real", "");
  completed("interview.mp4", '3', "likely_fake", "", "bob");  // another owner's
  Job pending = create_job_with(new_job());  // clip.mp4, no result

  EXPECT_EQ(listed({.filename_contains = "interview"}), std::vector<std::string>{interview.id});
  EXPECT_EQ(listed({.filename_contains = "FINAL.mp4"}), std::vector<std::string>{interview.id});
  // Taken literally, never as a pattern.
  EXPECT_EQ(listed({.filename_contains = "(1)."}), std::vector<std::string>{holiday.id});
  EXPECT_TRUE(listed({.filename_contains = ".*"}).empty());
  EXPECT_TRUE(listed({.filename_contains = "%"}).empty());

  EXPECT_EQ(listed({.status = JobStatus::Pending}), std::vector<std::string>{pending.id});
  EXPECT_EQ(listed({.status = JobStatus::Completed}), (std::vector<std::string>{holiday.id, interview.id}));
  EXPECT_EQ(listed({.verdict = "likely_real"}), std::vector<std::string>{holiday.id});
  EXPECT_TRUE(listed({.verdict = "inconclusive"}).empty());

  EXPECT_EQ(listed({.created_from = holiday.created_at}), (std::vector<std::string>{pending.id, holiday.id}));
  EXPECT_EQ(listed({.created_before = holiday.created_at}), std::vector<std::string>{interview.id});
  EXPECT_EQ(listed({.filename_contains = "i", .status = JobStatus::Completed, .verdict = "likely_fake"}),
            std::vector<std::string>{interview.id});
}

TEST_P(JobStoreConformance, OldestFirstPagesForwardWithTheSameFilter) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(completed("clip-" + std::to_string(i) + ".mp4", 'a', "likely_real", "").id);
  completed("other.mp4", 'a', "likely_real", "");
  EXPECT_EQ(listed({.filename_contains = "clip-", .oldest_first = true}, 2), ids);
  std::reverse(ids.begin(), ids.end());
  EXPECT_EQ(listed({.filename_contains = "clip-"}, 2), ids);
}

TEST_P(JobStoreConformance, DeleteRemovesAFinishedJobAndReportsTheBlobsOnlyItUsed) {
  // `first` shares its upload with `second` and one artifact with `third`.
  Job first = completed("a.mp4", '1', "likely_fake", "cd");
  Job second = completed("a-again.mp4", '1', "likely_fake", "e");
  Job third = completed("b.mp4", '2', "likely_real", "d");

  DeleteResult result = store_->remove(first.id, "alice");
  EXPECT_EQ(result.outcome, DeleteOutcome::Deleted);
  EXPECT_EQ(result.orphaned, std::vector<std::string>{fake_digest('c')});
  EXPECT_FALSE(store_->get(first.id).has_value());
  EXPECT_EQ(store_->remove(first.id, "alice").outcome, DeleteOutcome::NotFound);

  result = store_->remove(second.id, "alice");
  std::sort(result.orphaned.begin(), result.orphaned.end());
  EXPECT_EQ(result.orphaned, (std::vector<std::string>{fake_digest('1'), fake_digest('e')}));
  EXPECT_TRUE(store_->get(third.id).has_value());
}

TEST_P(JobStoreConformance, DeleteIsOwnerScopedAndRefusesRunningJobs) {
  Job done = completed("a.mp4", 'a', "likely_real", "");
  EXPECT_EQ(store_->remove(done.id, "mallory").outcome, DeleteOutcome::NotFound);
  EXPECT_EQ(store_->remove("0000000000000000000000000000", "alice").outcome, DeleteOutcome::NotFound);
  EXPECT_TRUE(store_->get(done.id).has_value());

  Job pending = create_job_with(new_job());
  EXPECT_EQ(store_->remove(pending.id, "alice").outcome, DeleteOutcome::StillRunning);
  claim_expecting(pending.id);
  EXPECT_EQ(store_->remove(pending.id, "alice").outcome, DeleteOutcome::StillRunning);
  EXPECT_EQ(reload(pending.id).status, JobStatus::Processing);
  ASSERT_EQ(store_->cancel(pending.id, "alice"), CancelOutcome::Flagged);
  EXPECT_EQ(store_->remove(pending.id, "alice").outcome, DeleteOutcome::StillRunning);
}

// Purging used to report uploads only: every face crop of a purged job
// stayed in the media store for good.
TEST_P(JobStoreConformance, PurgeReportsOrphanedArtifactsToo) {
  completed("a.mp4", '1', "likely_fake", "cd");
  completed("b.mp4", '2', "likely_real", "e");
  NewJob same_upload = new_job();
  same_upload.media.sha256 = fake_digest('1');
  create_job_with(same_upload);  // pending: stays, with its upload
  std::vector<std::string> orphaned = store_->purge_finished_before(now_ms());
  std::sort(orphaned.begin(), orphaned.end());
  EXPECT_EQ(orphaned, (std::vector<std::string>{fake_digest('2'), fake_digest('c'), fake_digest('d'), fake_digest('e')}));
}

// Every owner's queued jobs count; running and finished ones do not.
TEST_P(JobStoreConformance, JobsAheadFollowTheClaimOrder) {
  Job first = create_job("alice");
  std::this_thread::sleep_for(2ms);
  Job second = create_job("bob");
  std::this_thread::sleep_for(2ms);
  Job urgent = create_job("carol", 5);
  std::this_thread::sleep_for(2ms);
  Job last = create_job("alice");
  EXPECT_EQ(store_->jobs_ahead(reload(urgent.id)), 0);
  EXPECT_EQ(store_->jobs_ahead(reload(first.id)), 1);
  EXPECT_EQ(store_->jobs_ahead(reload(second.id)), 2);
  EXPECT_EQ(store_->jobs_ahead(reload(last.id)), 3);

  claim_expecting(urgent.id);
  ASSERT_EQ(store_->cancel(second.id, "bob"), CancelOutcome::Cancelled);
  EXPECT_EQ(store_->jobs_ahead(reload(first.id)), 0);
  EXPECT_EQ(store_->jobs_ahead(reload(last.id)), 1);
}

}  // namespace
}  // namespace deeptrace::testing
