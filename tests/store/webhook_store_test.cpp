// The WebhookStore conformance suite: every TEST_P runs against each backend
// in the INSTANTIATE_TEST_SUITE_P at the bottom.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "core/random.hpp"
#include "core/time.hpp"
#include "mongo/mongo_test_server.hpp"
#include "store/mongo/mongo_webhook_store.hpp"
#include "store/sqlite/sqlite_webhook_store.hpp"
#include "store_conformance.hpp"

namespace deeptrace::testing {
namespace {

class WebhookStoreConformance : public StoreConformance<WebhookStore> {
 protected:
  Webhook add(const std::string& owner, std::vector<std::string> events = {"job.completed", "job.failed"}) {
    Webhook hook;
    hook.id = "wh_" + random_hex(12);
    hook.owner = owner;
    hook.url = "https://hooks.example.com/" + hook.id;
    hook.events = std::move(events);
    hook.description = "test";
    hook.secret = "whsec_c2VjcmV0";
    hook.created_at = hook.updated_at = now_ms();
    store_->create(hook);
    return hook;
  }

  Delivery queue(const Webhook& hook, const std::string& job_id, TimeMs due_at,
                 const std::string& event = "job.completed") {
    Delivery delivery;
    delivery.id = "msg_" + random_hex(12);
    delivery.webhook_id = hook.id;
    delivery.event = event;
    delivery.job_id = job_id;
    delivery.payload = R"({"type":")" + event + R"("})";
    delivery.created_at = now_ms();
    delivery.next_attempt_at = due_at;
    EXPECT_TRUE(store_->enqueue(delivery, event + ":" + job_id));
    return delivery;
  }

  AttemptRecord failure(const Delivery& delivery, std::optional<TimeMs> retry_at, int status = 500) {
    return AttemptRecord{delivery.id, now_ms(), false, status, "HTTP " + std::to_string(status), retry_at};
  }
};

TEST_P(WebhookStoreConformance, EndpointsBelongToTheirOwner) {
  Webhook mine = add("alice");
  Webhook other = add("bob");
  ASSERT_EQ(store_->list("alice").size(), 1u);
  Webhook listed = store_->list("alice").front();
  EXPECT_EQ(listed.id, mine.id);
  EXPECT_EQ(listed.url, mine.url);
  EXPECT_EQ(listed.events, mine.events);
  EXPECT_EQ(listed.secret, mine.secret);
  EXPECT_TRUE(listed.enabled);
  EXPECT_TRUE(store_->get(mine.id, "alice").has_value());
  EXPECT_FALSE(store_->get(other.id, "alice").has_value());
  EXPECT_FALSE(store_->remove(other.id, "alice"));
  EXPECT_FALSE(store_->update(other.id, "alice", WebhookPatch{.description = "x"}).has_value());
  EXPECT_TRUE(store_->find(other.id).has_value());
  EXPECT_TRUE(store_->remove(other.id, "bob"));
  EXPECT_FALSE(store_->find(other.id).has_value());
  EXPECT_TRUE(store_->list("bob").empty());
}

TEST_P(WebhookStoreConformance, SubscribersAreTheOwnersEnabledEndpointsForTheEvent) {
  Webhook done = add("alice", {"job.completed"});
  Webhook failed = add("alice", {"job.failed"});
  add("bob", {"job.completed"});
  auto subscribed = store_->subscribers("alice", "job.completed");
  ASSERT_EQ(subscribed.size(), 1u);
  EXPECT_EQ(subscribed[0].id, done.id);
  store_->update(done.id, "alice", WebhookPatch{.enabled = false});
  EXPECT_TRUE(store_->subscribers("alice", "job.completed").empty());
  EXPECT_EQ(store_->subscribers("alice", "job.failed").size(), 1u);
  EXPECT_EQ(store_->subscribers("alice", "job.failed")[0].id, failed.id);
}

TEST_P(WebhookStoreConformance, OneEventIsQueuedOnce) {
  Webhook hook = add("alice");
  queue(hook, "job-1", now_ms());
  Delivery again;
  again.id = "msg_" + random_hex(12);
  again.webhook_id = hook.id;
  again.event = "job.completed";
  again.job_id = "job-1";
  again.payload = "{}";
  again.created_at = again.next_attempt_at = now_ms();
  EXPECT_FALSE(store_->enqueue(again, "job.completed:job-1"));
  EXPECT_EQ(store_->deliveries(hook.id, 10).size(), 1u);
  EXPECT_FALSE(store_->delivery(again.id).has_value());
}

TEST_P(WebhookStoreConformance, DueDeliveriesAreClaimedByOneSenderOnly) {
  Webhook hook = add("alice");
  Delivery now = queue(hook, "job-1", now_ms() - 10);
  queue(hook, "job-2", now_ms() + 60'000);
  auto due = store_->due(now_ms(), 10);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].id, now.id);
  EXPECT_EQ(due[0].payload, now.payload);
  EXPECT_EQ(due[0].state, DeliveryState::Pending);
  auto other = open_on("machine-b");
  EXPECT_TRUE(store_->claim(due[0], now_ms() + 30'000));
  EXPECT_FALSE(other->claim(due[0], now_ms() + 30'000));
  EXPECT_TRUE(store_->due(now_ms(), 10).empty()) << "leased until the attempt ends";
}

TEST_P(WebhookStoreConformance, ASuccessEndsTheDeliveryAndResetsTheFailureCount) {
  Webhook hook = add("alice");
  Delivery delivery = queue(hook, "job-1", now_ms());
  store_->record_attempt(failure(delivery, now_ms() - 1));
  EXPECT_EQ(store_->find(hook.id)->consecutive_failures, 1);
  Delivery retried = *store_->delivery(delivery.id);
  EXPECT_EQ(retried.state, DeliveryState::Pending);
  EXPECT_EQ(retried.attempts, 1);
  EXPECT_EQ(retried.response_status, 500);
  EXPECT_EQ(retried.last_error, "HTTP 500");
  ASSERT_EQ(store_->due(now_ms(), 10).size(), 1u) << "due again at its retry time";

  store_->record_attempt(AttemptRecord{delivery.id, now_ms(), true, 204, "", std::nullopt});
  Delivery done = *store_->delivery(delivery.id);
  EXPECT_EQ(done.state, DeliveryState::Succeeded);
  EXPECT_EQ(done.attempts, 2);
  EXPECT_EQ(done.response_status, 204);
  EXPECT_EQ(done.last_error, "");
  EXPECT_TRUE(done.last_attempt_at.has_value());
  EXPECT_EQ(store_->find(hook.id)->consecutive_failures, 0);
  EXPECT_TRUE(store_->due(now_ms(), 10).empty());
}

TEST_P(WebhookStoreConformance, GivingUpDisablesTheEndpointAndParksItsOtherDeliveries) {
  Webhook hook = add("alice");
  Delivery doomed = queue(hook, "job-1", now_ms());
  Delivery waiting = queue(hook, "job-2", now_ms());
  store_->record_attempt(failure(doomed, std::nullopt, 503));
  EXPECT_EQ(store_->delivery(doomed.id)->state, DeliveryState::Failed);
  Webhook disabled = *store_->find(hook.id);
  EXPECT_FALSE(disabled.enabled);
  EXPECT_EQ(disabled.disabled_reason, "HTTP 503");
  EXPECT_TRUE(store_->due(now_ms(), 10).empty()) << "an endpoint's deliveries wait while it is disabled";
  Delivery parked = queue(hook, "job-3", now_ms());
  EXPECT_TRUE(store_->due(now_ms(), 10).empty()) << "and so do new ones";

  Webhook enabled = *store_->update(hook.id, "alice", WebhookPatch{.enabled = true});
  EXPECT_TRUE(enabled.enabled);
  EXPECT_EQ(enabled.disabled_reason, "");
  EXPECT_EQ(enabled.consecutive_failures, 0);
  std::vector<std::string> due_ids;
  for (const Delivery& d : store_->due(now_ms() + 1, 10)) due_ids.push_back(d.id);
  std::sort(due_ids.begin(), due_ids.end());
  std::vector<std::string> expected{waiting.id, parked.id};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(due_ids, expected);
}

TEST_P(WebhookStoreConformance, UpdatesChangeOnlyWhatTheyName) {
  Webhook hook = add("alice");
  Webhook changed = *store_->update(hook.id, "alice", WebhookPatch{.url = "https://other.example.com/x",
                                                                    .events = std::vector<std::string>{"job.cancelled"},
                                                                    .secret = "whsec_bmV3"});
  EXPECT_EQ(changed.url, "https://other.example.com/x");
  EXPECT_EQ(changed.events, std::vector<std::string>{"job.cancelled"});
  EXPECT_EQ(changed.secret, "whsec_bmV3");
  EXPECT_EQ(changed.description, "test");
  EXPECT_GE(changed.updated_at, hook.updated_at);
  Webhook stored = *store_->get(hook.id, "alice");
  EXPECT_EQ(stored.url, changed.url);
  EXPECT_EQ(stored.secret, changed.secret);
  EXPECT_EQ(stored.events, changed.events);
}

// A rotation may keep the old secret signing for a while (Standard Webhooks:
// receivers switch without refusing a delivery); it is stored with its time.
TEST_P(WebhookStoreConformance, ARotatedSecretKeepsSigningUntilItsTime) {
  Webhook hook = add("alice");
  const TimeMs until = now_ms() + 3'600'000;
  Webhook rotated =
      *store_->update(hook.id, "alice", WebhookPatch{.secret = "whsec_bmV3", .previous_secret_until = until});
  EXPECT_EQ(rotated.secret, "whsec_bmV3");
  EXPECT_EQ(rotated.previous_secret, hook.secret);
  EXPECT_EQ(rotated.previous_secret_until, until);
  Webhook stored = *store_->find(hook.id);
  EXPECT_EQ(stored.previous_secret, hook.secret);
  EXPECT_EQ(stored.previous_secret_until, until);
  EXPECT_EQ(signing_secrets(stored, until - 1), (std::vector<std::string>{"whsec_bmV3", hook.secret}));
  EXPECT_EQ(signing_secrets(stored, until), std::vector<std::string>{"whsec_bmV3"});

  // Other changes leave it alone; the next rotation keeps only the secret it replaces.
  store_->update(hook.id, "alice", WebhookPatch{.description = "renamed"});
  EXPECT_EQ(store_->find(hook.id)->previous_secret, hook.secret);
  store_->update(hook.id, "alice", WebhookPatch{.secret = "whsec_dGhpcmQ=", .previous_secret_until = until});
  EXPECT_EQ(store_->find(hook.id)->previous_secret, "whsec_bmV3");
}

TEST_P(WebhookStoreConformance, ARotationWithoutATimeStopsTheOldSecretAtOnce) {
  Webhook hook = add("alice");
  store_->update(hook.id, "alice", WebhookPatch{.secret = "whsec_bmV3", .previous_secret_until = now_ms() + 60'000});
  for (auto until : {std::optional<TimeMs>{}, std::optional<TimeMs>{now_ms() - 1}}) {
    store_->update(hook.id, "alice", WebhookPatch{.secret = "whsec_dGhpcmQ=", .previous_secret_until = until});
    Webhook stored = *store_->find(hook.id);
    EXPECT_EQ(stored.previous_secret, "");
    EXPECT_EQ(stored.previous_secret_until, std::nullopt);
    EXPECT_EQ(signing_secrets(stored, now_ms()), std::vector<std::string>{"whsec_dGhpcmQ="});
  }
}

TEST_P(WebhookStoreConformance, RemovingAnEndpointRemovesItsDeliveries) {
  Webhook hook = add("alice");
  Delivery delivery = queue(hook, "job-1", now_ms());
  EXPECT_TRUE(store_->remove(hook.id, "alice"));
  EXPECT_FALSE(store_->delivery(delivery.id).has_value());
  EXPECT_TRUE(store_->due(now_ms(), 10).empty());
  store_->record_attempt(failure(delivery, std::nullopt));  // an attempt that ends afterwards is dropped
}

TEST_P(WebhookStoreConformance, TheLogListsNewestFirst) {
  Webhook hook = add("alice");
  Delivery first = queue(hook, "job-1", now_ms());
  std::this_thread::sleep_for(std::chrono::milliseconds(3));
  Delivery second = queue(hook, "job-2", now_ms());
  auto log = store_->deliveries(hook.id, 10);
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].id, second.id);
  EXPECT_EQ(log[1].id, first.id);
  EXPECT_EQ(store_->deliveries(hook.id, 1).size(), 1u);
}

TEST_P(WebhookStoreConformance, TrimmingRemovesFinishedDeliveriesLastTriedBeforeTheCutoff) {
  Webhook hook = add("alice");
  const TimeMs long_ago = now_ms() - 40LL * 24 * 3600 * 1000;
  Delivery old_success = queue(hook, "job-1", now_ms());
  store_->record_attempt(AttemptRecord{old_success.id, long_ago, true, 200, "", std::nullopt});
  Delivery old_retrying = queue(hook, "job-2", now_ms());
  store_->record_attempt(AttemptRecord{old_retrying.id, long_ago, false, 500, "HTTP 500", now_ms() + 60'000});
  Delivery recent_success = queue(hook, "job-3", now_ms());
  store_->record_attempt(AttemptRecord{recent_success.id, now_ms(), true, 204, "", std::nullopt});
  Delivery never_tried = queue(hook, "job-4", now_ms() + 60'000);
  Webhook other = add("bob");
  Delivery old_failure = queue(other, "job-5", now_ms());
  store_->record_attempt(AttemptRecord{old_failure.id, long_ago, false, 503, "HTTP 503", std::nullopt});

  EXPECT_EQ(store_->trim_deliveries(now_ms() - 30LL * 24 * 3600 * 1000), 2);
  EXPECT_FALSE(store_->delivery(old_success.id).has_value());
  EXPECT_FALSE(store_->delivery(old_failure.id).has_value());
  EXPECT_TRUE(store_->delivery(old_retrying.id).has_value()) << "pending deliveries are kept, however old";
  EXPECT_TRUE(store_->delivery(recent_success.id).has_value());
  EXPECT_TRUE(store_->delivery(never_tried.id).has_value());
  EXPECT_EQ(store_->deliveries(hook.id, 10).size(), 3u);
  EXPECT_EQ(store_->trim_deliveries(now_ms() - 30LL * 24 * 3600 * 1000), 0) << "nothing twice";
}

TEST_P(WebhookStoreConformance, TheFeedCursorIsDurableAndOnlyMovesForward) {
  EXPECT_EQ(store_->feed_cursor(1000), 1000);
  EXPECT_EQ(store_->feed_cursor(5000), 1000) << "the first value stays";
  store_->set_feed_cursor(2000);
  store_->set_feed_cursor(1500);
  EXPECT_EQ(open_on("machine-b")->feed_cursor(0), 2000);
}

std::unique_ptr<WebhookStore> open_sqlite(const std::filesystem::path& scope, const std::filesystem::path&) {
  return std::make_unique<SqliteWebhookStore>(scope / "deeptrace.db");
}

std::unique_ptr<WebhookStore> open_mongo(const std::filesystem::path& scope, const std::filesystem::path&) {
  return std::make_unique<MongoWebhookStore>(std::make_shared<mongo::Pool>(mongo_test_url(mongo_database_for(scope))));
}

INSTANTIATE_TEST_SUITE_P(Backends, WebhookStoreConformance,
                         ::testing::Values(StoreBackend<WebhookStore>{"SQLite", open_sqlite},
                                           StoreBackend<WebhookStore>{"MongoDB", open_mongo}),
                         BackendName());

}  // namespace
}  // namespace deeptrace::testing
