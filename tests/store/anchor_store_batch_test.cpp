// AnchorStore conformance: pending reports, batch creation, conflicts,
// validation and anchor_of.
#include <algorithm>

#include "anchor_store_fixture.hpp"
#include "expect_error.hpp"

namespace deeptrace::testing {
namespace {

using Ids = std::vector<std::string>;

TEST(AnchorState, NamesRoundTrip) {
  for (auto state : {AnchorState::Prepared, AnchorState::Submitted, AnchorState::Confirmed}) {
    EXPECT_EQ(parse_anchor_state(anchor_state_name(state)), state);
  }
  EXPECT_EQ(anchor_state_name(AnchorState::Submitted), "submitted");
  EXPECT_FALSE(parse_anchor_state("Prepared").has_value());
  EXPECT_FALSE(parse_anchor_state("").has_value());
}

TEST_P(AnchorStoreConformance, CreatingABatchReservesItsJobs) {
  Ids ids = completed_job_ids(3);
  EXPECT_EQ(unanchored_ids(), ids);

  NewAnchorBatch request = batch_of({ids[0], ids[1]});
  AnchorBatch batch = anchors().create_batch(request);
  EXPECT_EQ(batch.id.size(), 32u);
  EXPECT_EQ(batch.root, request.root);
  EXPECT_EQ(batch.chain_id, 31337);
  EXPECT_EQ(batch.contract, request.contract);
  EXPECT_EQ(batch.state, AnchorState::Prepared);
  EXPECT_EQ(batch.count, 2);
  EXPECT_EQ(job_ids_of(batch.entries), (Ids{ids[0], ids[1]}));
  EXPECT_FALSE(batch.tx_hash.has_value());
  EXPECT_GT(batch.created_at, 0);
  EXPECT_EQ(batch.updated_at, batch.created_at);
  EXPECT_EQ(unanchored_ids(), Ids{ids[2]});

  auto stored = open_another().anchors->get_batch(batch.id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->root, request.root);
  EXPECT_EQ(stored->count, 2);
  ASSERT_EQ(stored->entries.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(stored->entries[i].job_id, request.entries[i].job_id);
    EXPECT_EQ(stored->entries[i].digest, request.entries[i].digest);
    EXPECT_EQ(stored->entries[i].proof, request.entries[i].proof);
  }
  EXPECT_NE(anchors().create_batch(batch_of({ids[2]}, 2)).id, batch.id);
  EXPECT_TRUE(unanchored_ids().empty());
}

TEST_P(AnchorStoreConformance, UnanchoredJobsAreOldestFinishedFirstAndLimited) {
  // Created a, b, c but finished c, a, b (claims go by priority).
  Job a = pending_job(2);
  Job b = pending_job(1);
  Job c = pending_job(3);
  complete(c);
  complete(a);
  complete(b);
  EXPECT_EQ(unanchored_ids(), (Ids{c.id, a.id, b.id}));
  EXPECT_EQ(unanchored_ids(2), (Ids{c.id, a.id}));
  auto first = anchors().unanchored_jobs(1);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].status, JobStatus::Completed);
  EXPECT_EQ(first[0].result, (Json{{"verdict", "real"}}));
  // Anchoring the oldest moves the next one up.
  anchors().create_batch(batch_of({c.id}));
  EXPECT_EQ(unanchored_ids(1), Ids{a.id});
}

TEST_P(AnchorStoreConformance, OnlyCompletedJobsAreAnchorable) {
  std::string done = completed_job().id;
  Job pending = pending_job();
  Job cancelled = pending_job();
  ASSERT_EQ(jobs().cancel(cancelled.id, "alice"), CancelOutcome::Cancelled);
  EXPECT_EQ(unanchored_ids(), Ids{done});

  expect_error(ErrorCode::INVALID_REQUEST, [&] { anchors().create_batch(batch_of({done, pending.id})); });
  expect_error(ErrorCode::INVALID_REQUEST, [&] { anchors().create_batch(batch_of({cancelled.id})); });
  expect_error(ErrorCode::JOB_NOT_FOUND, [&] { anchors().create_batch(batch_of({done, "0000000000000000000000000000"})); });
  EXPECT_TRUE(batch_ids(AnchorState::Prepared).empty());
  EXPECT_EQ(unanchored_ids(), Ids{done});
}

// The conflicting job comes after two others in job-id order, so a backend
// that inserts entries one by one has already taken those when it finds out.
TEST_P(AnchorStoreConformance, AnOverlappingBatchConflictsAndStoresNothing) {
  Ids ids = completed_job_ids(4);
  AnchorBatch first = anchors().create_batch(batch_of({ids[2]}, 1));
  expect_error(ErrorCode::ANCHOR_CONFLICT, [&] { anchors().create_batch(batch_of({ids[3], ids[0], ids[1], ids[2]}, 2)); });

  EXPECT_EQ(batch_ids(AnchorState::Prepared), Ids{first.id});
  EXPECT_EQ(unanchored_ids(), (Ids{ids[0], ids[1], ids[3]}));
  EXPECT_FALSE(anchors().anchor_of(ids[0]).has_value());
  // Neither the failed batch's root nor its other jobs stayed reserved.
  AnchorBatch retry = anchors().create_batch(batch_of({ids[0], ids[1], ids[3]}, 2));
  EXPECT_EQ(retry.count, 3);
  EXPECT_TRUE(unanchored_ids().empty());
}

TEST_P(AnchorStoreConformance, AUsedRootConflicts) {
  Ids ids = completed_job_ids(2);
  AnchorBatch first = anchors().create_batch(batch_of({ids[0]}, 7));
  expect_error(ErrorCode::ANCHOR_CONFLICT, [&] { anchors().create_batch(batch_of({ids[1]}, 7)); });
  EXPECT_EQ(batch_ids(AnchorState::Prepared), Ids{first.id});
  EXPECT_EQ(unanchored_ids(), Ids{ids[1]});
  EXPECT_FALSE(anchors().anchor_of(ids[1]).has_value());
}

TEST_P(AnchorStoreConformance, MalformedBatchesAreRejected) {
  Ids ids = completed_job_ids(2);
  std::vector<std::function<void(NewAnchorBatch&)>> breakages = {
      [](NewAnchorBatch& b) { b.entries.clear(); },
      [](NewAnchorBatch& b) { b.root = "0x" + std::string(63, 'a'); },
      [](NewAnchorBatch& b) { b.root = "0x" + std::string(64, 'A'); },
      [](NewAnchorBatch& b) { b.root = std::string(66, 'a'); },
      [](NewAnchorBatch& b) { b.entries[1].digest = "0x" + std::string(64, 'g'); },
      [](NewAnchorBatch& b) { b.entries[0].proof.push_back("0x12"); },
      [](NewAnchorBatch& b) { b.entries[0].proof.assign(65, hash32(5)); },
      [](NewAnchorBatch& b) { b.entries[0].job_id.clear(); },
      [](NewAnchorBatch& b) { b.entries[1].job_id = b.entries[0].job_id; },
      [](NewAnchorBatch& b) { b.contract = "0x1234"; },
      [](NewAnchorBatch& b) { b.contract = "0x" + std::string(40, 'z'); },
      [](NewAnchorBatch& b) { b.chain_id = 0; },
  };
  for (size_t i = 0; i < breakages.size(); ++i) {
    NewAnchorBatch request = batch_of(ids);
    breakages[i](request);
    SCOPED_TRACE("breakage " + std::to_string(i));
    expect_error(ErrorCode::INVALID_REQUEST, [&] { anchors().create_batch(request); });
  }
  EXPECT_TRUE(batch_ids(AnchorState::Prepared).empty());
  EXPECT_EQ(unanchored_ids(), ids);
  // The unbroken request is fine: the breakages alone were refused.
  EXPECT_EQ(anchors().create_batch(batch_of(ids)).count, 2);
}

TEST_P(AnchorStoreConformance, AnchorOfNamesTheEntryAndItsBatch) {
  Ids ids = completed_job_ids(3);
  NewAnchorBatch request = batch_of({ids[0], ids[1]});
  AnchorBatch batch = anchors().create_batch(request);

  auto anchor = open_another().anchors->anchor_of(ids[1]);
  ASSERT_TRUE(anchor.has_value());
  EXPECT_EQ(anchor->entry.job_id, ids[1]);
  EXPECT_EQ(anchor->entry.digest, request.entries[1].digest);
  EXPECT_EQ(anchor->entry.proof, request.entries[1].proof);
  EXPECT_EQ(anchor->batch.id, batch.id);
  EXPECT_EQ(anchor->batch.root, request.root);
  EXPECT_EQ(anchor->batch.count, 2);
  EXPECT_EQ(anchor->batch.state, AnchorState::Prepared);
  EXPECT_TRUE(anchor->batch.entries.empty());

  EXPECT_FALSE(anchors().anchor_of(ids[2]).has_value());
  EXPECT_FALSE(anchors().anchor_of("0000000000000000000000000000").has_value());
}

}  // namespace
}  // namespace deeptrace::testing
