// AnchorStore conformance under concurrency: batchers on separate
// connections (as separate anchor-service processes would be) never put one
// job into two batches, and a failed batch leaves nothing behind.
#include <atomic>
#include <latch>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "anchor_store_fixture.hpp"

namespace deeptrace::testing {
namespace {

constexpr int kBatchers = 4;

struct Outcomes {
  std::mutex mutex;
  std::map<std::string, std::string> batch_of_job;  // from successful creates
  std::set<std::string> batch_ids;
  int conflicts = 0;

  // Records a created batch; false if one of its jobs was already recorded.
  bool add(const AnchorBatch& batch) {
    std::lock_guard lock(mutex);
    batch_ids.insert(batch.id);
    bool fresh = true;
    for (const auto& entry : batch.entries) fresh = batch_of_job.emplace(entry.job_id, batch.id).second && fresh;
    return fresh;
  }
};

// Starts one thread per batcher and lets them all go at once, so their
// creates collide.
template <typename Body>
void race(Body body) {
  std::latch start(kBatchers);
  std::vector<std::jthread> threads;
  for (int i = 0; i < kBatchers; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      body(i);
    });
  }
}

// The database agrees with what the batchers saw: exactly the successful
// batches exist, and every job points to the batch that took it, or to none.
void expect_stored(AnchorStore& store, const Outcomes& outcomes, const std::vector<std::string>& job_ids) {
  std::set<std::string> stored;
  for (const auto& batch : store.batches_in_state(AnchorState::Prepared, 1000)) stored.insert(batch.id);
  EXPECT_EQ(stored, outcomes.batch_ids);
  for (const auto& job_id : job_ids) {
    auto anchor = store.anchor_of(job_id);
    auto recorded = outcomes.batch_of_job.find(job_id);
    ASSERT_EQ(anchor.has_value(), recorded != outcomes.batch_of_job.end()) << job_id;
    if (anchor) {
      EXPECT_EQ(anchor->batch.id, recorded->second) << job_id;
    }
  }
}

// Batcher i asks for jobs i*2 .. i*2+3 at once: each overlaps its neighbours
// by two jobs.
TEST_P(AnchorStoreConformance, RacingOverlappingBatchesNeverShareAJob) {
  std::vector<std::string> ids = completed_job_ids(2 * kBatchers + 2);
  std::vector<Backend> batchers;  // opened before the race, so opening is not part of it
  for (int i = 0; i < kBatchers; ++i) batchers.push_back(open_another());
  Outcomes outcomes;
  std::atomic<int> shared{0};
  race([&](int i) {
    std::vector<std::string> mine(ids.begin() + 2 * i, ids.begin() + 2 * i + 4);
    try {
      if (!outcomes.add(batchers[static_cast<size_t>(i)].anchors->create_batch(batch_of(mine, 100 + i)))) ++shared;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::ANCHOR_CONFLICT) << e.what();
    }
  });
  EXPECT_EQ(shared.load(), 0);
  EXPECT_FALSE(outcomes.batch_ids.empty());
  expect_stored(anchors(), outcomes, ids);
  // Jobs no successful batch took are free again.
  for (const auto& id : unanchored_ids()) EXPECT_EQ(outcomes.batch_of_job.count(id), 0u) << id;
  EXPECT_EQ(unanchored_ids().size() + outcomes.batch_of_job.size(), ids.size());
}

// Every batcher loops "take the pending list, batch it" until nothing is
// pending: all of them see the same list, so they collide constantly, yet
// every job ends up in exactly one batch.
TEST_P(AnchorStoreConformance, BatchersRacingOverThePendingListAnchorEveryJobOnce) {
  constexpr int kJobs = 24;
  constexpr int kMaxRounds = 500;
  std::vector<std::string> ids = completed_job_ids(kJobs);
  std::vector<Backend> batchers;  // opened before the race, so opening is not part of it
  for (int i = 0; i < kBatchers; ++i) batchers.push_back(open_another());
  Outcomes outcomes;
  std::atomic<int> shared{0};
  std::atomic<int> next_root{1000};
  race([&](int i) {
    AnchorStore& store = *batchers[static_cast<size_t>(i)].anchors;
    for (int round = 0; round < kMaxRounds; ++round) {
      std::vector<std::string> pending;
      for (const auto& job : store.unanchored_jobs(5)) pending.push_back(job.id);
      if (pending.empty()) return;
      try {
        if (!outcomes.add(store.create_batch(batch_of(pending, next_root++)))) ++shared;
      } catch (const Error& e) {
        EXPECT_EQ(e.code(), ErrorCode::ANCHOR_CONFLICT) << e.what();
      }
    }
    ADD_FAILURE() << "batcher " << i << " still found pending jobs after " << kMaxRounds << " rounds";
  });
  EXPECT_EQ(shared.load(), 0);
  EXPECT_EQ(outcomes.batch_of_job.size(), static_cast<size_t>(kJobs));
  EXPECT_TRUE(unanchored_ids().empty());
  expect_stored(anchors(), outcomes, ids);
}

}  // namespace
}  // namespace deeptrace::testing
