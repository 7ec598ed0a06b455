// AnchorStore conformance: the batch state path and listing by state.
#include "anchor_store_fixture.hpp"
#include "expect_error.hpp"

namespace deeptrace::testing {
namespace {

using Ids = std::vector<std::string>;

constexpr std::int64_t kBlockTime = 1700000000;

TEST_P(AnchorStoreConformance, ABatchGoesFromPreparedThroughSubmittedToConfirmed) {
  Ids ids = completed_job_ids(2);
  AnchorBatch prepared = anchors().create_batch(batch_of(ids));
  wait_for_next_millisecond();

  AnchorBatch submitted = anchors().mark_submitted(prepared.id, hash32(1));
  EXPECT_EQ(submitted.state, AnchorState::Submitted);
  EXPECT_EQ(submitted.tx_hash, hash32(1));
  EXPECT_GT(submitted.updated_at, prepared.updated_at);
  EXPECT_EQ(batch_ids(AnchorState::Prepared), Ids{});
  EXPECT_EQ(batch_ids(AnchorState::Submitted), Ids{prepared.id});

  // A resent transaction replaces the hash; repeating that report changes nothing.
  EXPECT_EQ(anchors().mark_submitted(prepared.id, hash32(2)).tx_hash, hash32(2));
  AnchorBatch resent = *anchors().get_batch(prepared.id);
  EXPECT_EQ(resent.tx_hash, hash32(2));
  wait_for_next_millisecond();
  EXPECT_EQ(anchors().mark_submitted(prepared.id, hash32(2)).updated_at, resent.updated_at);

  AnchorBatch confirmed = anchors().mark_confirmed(prepared.id, hash32(2), 42, kBlockTime);
  EXPECT_EQ(confirmed.state, AnchorState::Confirmed);
  EXPECT_EQ(confirmed.tx_hash, hash32(2));
  EXPECT_EQ(confirmed.block_number, 42);
  EXPECT_EQ(confirmed.block_time, kBlockTime);

  auto stored = open_another().anchors->get_batch(prepared.id);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->state, AnchorState::Confirmed);
  EXPECT_EQ(stored->tx_hash, hash32(2));
  EXPECT_EQ(stored->block_number, 42);
  EXPECT_EQ(stored->block_time, kBlockTime);
  EXPECT_EQ(stored->created_at, prepared.created_at);
  EXPECT_EQ(stored->entries.size(), 2u);
  EXPECT_EQ(batch_ids(AnchorState::Submitted), Ids{});
  EXPECT_EQ(batch_ids(AnchorState::Confirmed), Ids{prepared.id});
  auto anchor = anchors().anchor_of(ids[0]);
  ASSERT_TRUE(anchor.has_value());
  EXPECT_EQ(anchor->batch.state, AnchorState::Confirmed);
  EXPECT_EQ(anchor->batch.block_number, 42);
}

TEST_P(AnchorStoreConformance, AConfirmedBatchIsFinal) {
  AnchorBatch batch = anchors().create_batch(batch_of(completed_job_ids(1)));
  // Confirming straight from Prepared is allowed: the service may find the
  // transaction already mined when it recovers.
  AnchorBatch confirmed = anchors().mark_confirmed(batch.id, hash32(3), 7, kBlockTime);
  EXPECT_EQ(confirmed.state, AnchorState::Confirmed);
  wait_for_next_millisecond();

  // Repeats of the same facts are no-ops, even a late `submitted`.
  AnchorBatch again = anchors().mark_confirmed(batch.id, hash32(3), 7, kBlockTime);
  EXPECT_EQ(again.updated_at, confirmed.updated_at);
  AnchorBatch late = anchors().mark_submitted(batch.id, hash32(3));
  EXPECT_EQ(late.state, AnchorState::Confirmed);
  EXPECT_EQ(late.block_number, 7);
  EXPECT_EQ(late.updated_at, confirmed.updated_at);

  // Another transaction for a confirmed batch is a conflict and changes nothing.
  expect_error(ErrorCode::ANCHOR_CONFLICT, [&] { anchors().mark_confirmed(batch.id, hash32(4), 8, kBlockTime); });
  expect_error(ErrorCode::ANCHOR_CONFLICT, [&] { anchors().mark_submitted(batch.id, hash32(4)); });
  AnchorBatch stored = *anchors().get_batch(batch.id);
  EXPECT_EQ(stored.state, AnchorState::Confirmed);
  EXPECT_EQ(stored.tx_hash, hash32(3));
  EXPECT_EQ(stored.block_number, 7);
  EXPECT_EQ(stored.updated_at, confirmed.updated_at);
}

TEST_P(AnchorStoreConformance, UnknownBatchesAreNotFound) {
  const std::string unknown = std::string(32, '0');
  EXPECT_FALSE(anchors().get_batch(unknown).has_value());
  expect_error(ErrorCode::ANCHOR_BATCH_NOT_FOUND, [&] { anchors().mark_submitted(unknown, hash32(1)); });
  expect_error(ErrorCode::ANCHOR_BATCH_NOT_FOUND,
               [&] { anchors().mark_confirmed(unknown, hash32(1), 1, kBlockTime); });
}

TEST_P(AnchorStoreConformance, MalformedTransactionFactsAreRejected) {
  AnchorBatch batch = anchors().create_batch(batch_of(completed_job_ids(1)));
  expect_error(ErrorCode::INVALID_REQUEST, [&] { anchors().mark_submitted(batch.id, "0xabc"); });
  expect_error(ErrorCode::INVALID_REQUEST,
               [&] { anchors().mark_confirmed(batch.id, "0x" + std::string(64, 'F'), 1, kBlockTime); });
  expect_error(ErrorCode::INVALID_REQUEST, [&] { anchors().mark_confirmed(batch.id, hash32(1), -1, kBlockTime); });
  expect_error(ErrorCode::INVALID_REQUEST, [&] { anchors().mark_confirmed(batch.id, hash32(1), 1, -5); });
  AnchorBatch stored = *anchors().get_batch(batch.id);
  EXPECT_EQ(stored.state, AnchorState::Prepared);
  EXPECT_FALSE(stored.tx_hash.has_value());
}

TEST_P(AnchorStoreConformance, BatchesInStateAreOldestFirstWithoutEntries) {
  Ids ids = completed_job_ids(3);
  Ids created;
  for (int i = 0; i < 3; ++i) {
    wait_for_next_millisecond();
    created.push_back(anchors().create_batch(batch_of({ids[static_cast<size_t>(i)]}, 10 + i)).id);
  }
  EXPECT_EQ(batch_ids(AnchorState::Prepared), created);
  EXPECT_EQ(batch_ids(AnchorState::Prepared, 2), (Ids{created[0], created[1]}));
  for (const auto& batch : anchors().batches_in_state(AnchorState::Prepared, 10)) {
    EXPECT_EQ(batch.count, 1);
    EXPECT_TRUE(batch.entries.empty());
  }
  anchors().mark_submitted(created[1], hash32(1));
  EXPECT_EQ(batch_ids(AnchorState::Prepared), (Ids{created[0], created[2]}));
  EXPECT_EQ(batch_ids(AnchorState::Submitted), Ids{created[1]});
  EXPECT_EQ(batch_ids(AnchorState::Confirmed), Ids{});
}

}  // namespace
}  // namespace deeptrace::testing
