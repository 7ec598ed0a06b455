// Conformance under concurrency: idempotent creation races and exactly-once
// claiming across independent connections.
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "job_store_fixture.hpp"

namespace deeptrace::testing {
namespace {

using namespace std::chrono_literals;

// Starts every thread, then releases them together so the creates collide.
// A store error in a thread fails the test with its message (escaping the
// thread, it would abort the whole process unexplained).
template <typename Body>
void run_together(int threads, Body body) {
  std::atomic<bool> go{false};
  std::mutex errors_mutex;
  std::vector<std::string> errors;
  std::vector<std::thread> pool;
  for (int i = 0; i < threads; ++i) {
    pool.emplace_back([&, i] {
      while (!go.load()) std::this_thread::yield();
      try {
        body(i);
      } catch (const std::exception& e) {
        std::lock_guard lock(errors_mutex);
        errors.push_back("thread " + std::to_string(i) + ": " + e.what());
      }
    });
  }
  go = true;
  for (auto& t : pool) t.join();
  for (const auto& error : errors) ADD_FAILURE() << error;
}

void expect_single_job(const std::vector<CreateResult>& results) {
  std::set<std::string> ids;
  int created = 0;
  for (const auto& r : results) {
    ids.insert(r.job.id);
    created += r.created ? 1 : 0;
  }
  EXPECT_EQ(created, 1);
  EXPECT_EQ(ids.size(), 1u);
}

TEST_P(JobStoreConformance, ConcurrentCreatesWithOneKeyOnSeparateConnectionsMakeOneJob) {
  constexpr int kThreads = 100;
  std::vector<std::unique_ptr<JobStore>> stores;
  for (int i = 0; i < kThreads; ++i) stores.push_back(open_another());
  std::vector<CreateResult> results(kThreads);
  NewJob request = new_job();
  request.idempotency_key = "same-upload";
  run_together(kThreads, [&](int i) { results[static_cast<size_t>(i)] = stores[static_cast<size_t>(i)]->create(request); });
  expect_single_job(results);
  EXPECT_EQ(store_->list("alice", 100, std::nullopt, {}).jobs.size(), 1u);
}

TEST_P(JobStoreConformance, ConcurrentCreatesWithOneKeyOnASharedInstanceMakeOneJob) {
  constexpr int kThreads = 100;
  std::vector<CreateResult> results(kThreads);
  NewJob request = new_job();
  request.idempotency_key = "same-upload";
  run_together(kThreads, [&](int i) { results[static_cast<size_t>(i)] = store_->create(request); });
  expect_single_job(results);
  EXPECT_EQ(store_->list("alice", 100, std::nullopt, {}).jobs.size(), 1u);
}

// 8 workers, each with its own connection, drain 2,000 jobs (fewer where the
// backend's test server is slow, see JobStoreBackend). Every job must be
// claimed exactly once and end COMPLETED.
TEST_P(JobStoreConformance, EveryJobIsClaimedExactlyOnceAcrossConnections) {
  const int kJobs = GetParam().exactly_once_jobs;
  constexpr int kWorkers = 8;
  std::set<std::string> created;
  for (int i = 0; i < kJobs; ++i) created.insert(create_job("alice", i % 3).id);

  std::vector<std::vector<std::string>> claimed(kWorkers);
  std::atomic<int> lost_writes{0};
  std::vector<std::unique_ptr<JobStore>> stores;
  for (int i = 0; i < kWorkers; ++i) stores.push_back(open_another());
  run_together(kWorkers, [&](int w) {
    JobStore& store = *stores[static_cast<size_t>(w)];
    std::string worker = "worker-" + std::to_string(w);
    while (auto job = store.claim(worker, 60s)) {
      claimed[static_cast<size_t>(w)].push_back(job->id);
      if (store.complete(job->id, job->lease->id, Json{{"by", worker}}) != LeaseCheck::Ok) ++lost_writes;
    }
  });

  std::map<std::string, int> claim_counts;
  for (const auto& ids : claimed) {
    for (const auto& id : ids) ++claim_counts[id];
  }
  EXPECT_EQ(lost_writes.load(), 0);
  EXPECT_EQ(claim_counts.size(), created.size());
  for (const auto& [id, count] : claim_counts) {
    EXPECT_EQ(count, 1) << id;
    EXPECT_TRUE(created.count(id)) << id;
  }
  QueueStats stats = store_->stats();
  EXPECT_EQ(stats.by_status[JobStatus::Completed], kJobs);
  EXPECT_EQ(stats.by_status[JobStatus::Pending], 0);
  EXPECT_EQ(stats.by_status[JobStatus::Processing], 0);
}

}  // namespace
}  // namespace deeptrace::testing
