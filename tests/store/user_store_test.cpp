// The UserStore conformance suite: every TEST_P runs against each backend in
// the INSTANTIATE_TEST_SUITE_P at the bottom; a new backend adds one line there.
#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "core/time.hpp"
#include "expect_error.hpp"
#include "mongo/mongo_test_server.hpp"
#include "store/mongo/mongo_user_store.hpp"
#include "store/sqlite/sqlite_user_store.hpp"
#include "store_conformance.hpp"

namespace deeptrace::testing {
namespace {

using UserStoreConformance = StoreConformance<UserStore>;

TEST(ApiKeys, HaveThePrefixAndAreRandom) {
  std::string key = new_api_key();
  EXPECT_EQ(key.substr(0, 3), "dt_");
  EXPECT_EQ(key.size(), 67u);
  EXPECT_NE(key, new_api_key());
  EXPECT_EQ(hash_api_key(key).size(), 64u);
  EXPECT_NE(hash_api_key(key), key);
}

TEST_P(UserStoreConformance, AddedUserAuthenticatesWithTheIssuedKey) {
  TimeMs before = now_ms();
  IssuedKey issued = store_->add_user("alice", true);
  EXPECT_EQ(issued.user.name, "alice");
  EXPECT_TRUE(issued.user.admin);
  EXPECT_FALSE(issued.user.id.empty());
  EXPECT_GE(issued.user.created_at, before);
  EXPECT_LE(issued.user.created_at, now_ms());
  auto user = store_->authenticate(issued.key);
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->id, issued.user.id);
  EXPECT_EQ(user->name, "alice");
  EXPECT_TRUE(user->admin);
  EXPECT_EQ(user->created_at, issued.user.created_at);
}

TEST_P(UserStoreConformance, NonAdminsAuthenticateAsNonAdmins) {
  IssuedKey issued = store_->add_user("eve", false);
  auto user = store_->authenticate(issued.key);
  ASSERT_TRUE(user.has_value());
  EXPECT_FALSE(user->admin);
}

TEST_P(UserStoreConformance, WrongOrEmptyKeysDoNotAuthenticate) {
  IssuedKey issued = store_->add_user("alice", false);
  EXPECT_FALSE(store_->authenticate(new_api_key()).has_value());
  EXPECT_FALSE(store_->authenticate("").has_value());
  EXPECT_FALSE(store_->authenticate(issued.key + "x").has_value());
  EXPECT_FALSE(store_->authenticate(hash_api_key(issued.key)).has_value());  // the digest is not a key
}

TEST_P(UserStoreConformance, EachKeyAuthenticatesItsOwnUser) {
  IssuedKey alice = store_->add_user("alice", false);
  IssuedKey bob = store_->add_user("bob", true);
  EXPECT_NE(alice.user.id, bob.user.id);
  EXPECT_EQ(store_->authenticate(alice.key)->name, "alice");
  EXPECT_EQ(store_->authenticate(bob.key)->name, "bob");
}

TEST_P(UserStoreConformance, AnotherKeyForAUserWorksBesideTheFirst) {
  IssuedKey first = store_->add_user("bob", false);
  IssuedKey second = store_->add_key("bob");
  EXPECT_NE(first.key, second.key);
  EXPECT_EQ(second.user.id, first.user.id);
  EXPECT_EQ(store_->authenticate(first.key)->id, first.user.id);
  EXPECT_EQ(store_->authenticate(second.key)->id, first.user.id);
}

TEST_P(UserStoreConformance, RevokedKeysStopWorkingAndNewKeysWorkAgain) {
  IssuedKey first = store_->add_user("bob", false);
  IssuedKey second = store_->add_key("bob");
  IssuedKey other = store_->add_user("carol", false);
  EXPECT_EQ(store_->revoke_keys("bob"), 2);
  EXPECT_FALSE(store_->authenticate(first.key).has_value());
  EXPECT_FALSE(store_->authenticate(second.key).has_value());
  EXPECT_TRUE(store_->authenticate(other.key).has_value());  // only bob's keys
  EXPECT_EQ(store_->revoke_keys("bob"), 0);
  IssuedKey third = store_->add_key("bob");
  EXPECT_TRUE(store_->authenticate(third.key).has_value());
  EXPECT_TRUE(store_->find_user("bob").has_value());  // revoking keys keeps the user
}

TEST_P(UserStoreConformance, RevokingAnUnknownUsersKeysRevokesNothing) {
  EXPECT_EQ(store_->revoke_keys("nobody"), 0);
}

TEST_P(UserStoreConformance, DuplicateAndInvalidNamesAreRejected) {
  store_->add_user("carol", false);
  expect_error(ErrorCode::USER_EXISTS, [&] { store_->add_user("carol", true); });
  expect_error(ErrorCode::INVALID_REQUEST, [&] { store_->add_user("", false); });
  expect_error(ErrorCode::INVALID_REQUEST, [&] { store_->add_user("has space", false); });
  expect_error(ErrorCode::INVALID_REQUEST, [&] { store_->add_user(std::string(65, 'a'), false); });
  expect_error(ErrorCode::INVALID_REQUEST, [&] { store_->add_key("nobody"); });
  auto users = store_->list_users();
  ASSERT_EQ(users.size(), 1u);
  EXPECT_FALSE(users[0].admin);  // the rejected duplicate changed nothing
}

TEST_P(UserStoreConformance, FindAndListUsersByName) {
  store_->add_user("zed", false);
  store_->add_user("amy", true);
  store_->add_user("a.b-c_d@e", false);  // every allowed character class
  EXPECT_FALSE(store_->find_user("nobody").has_value());
  ASSERT_TRUE(store_->find_user("amy").has_value());
  EXPECT_TRUE(store_->find_user("amy")->admin);
  EXPECT_FALSE(store_->find_user("zed")->admin);
  auto users = store_->list_users();
  ASSERT_EQ(users.size(), 3u);
  EXPECT_EQ(users[0].name, "a.b-c_d@e");
  EXPECT_EQ(users[1].name, "amy");
  EXPECT_EQ(users[2].name, "zed");
}

TEST_P(UserStoreConformance, AnotherInstanceSeesUsersAndKeys) {
  IssuedKey issued = store_->add_user("dave", false);
  auto other = open_on("machine-b");
  EXPECT_EQ(other->authenticate(issued.key)->id, issued.user.id);
  EXPECT_EQ(other->revoke_keys("dave"), 1);
  EXPECT_FALSE(store_->authenticate(issued.key).has_value());
}

TEST_P(UserStoreConformance, ManyKeysAreAllDistinct) {
  store_->add_user("frank", false);
  std::set<std::string> keys;
  for (int i = 0; i < 20; ++i) keys.insert(store_->add_key("frank").key);
  EXPECT_EQ(keys.size(), 20u);
  EXPECT_EQ(store_->revoke_keys("frank"), 21);
}

// Keys a user manages through the API: named, listed without their secret,
// revoked one by one, optionally expiring.
TEST_P(UserStoreConformance, NamedKeysAreListedWithoutSecretsAndRevokedOneByOne) {
  IssuedKey first = store_->add_user("gina", false);
  IssuedKey ci = store_->create_key(first.user, "CI pipeline", std::nullopt);
  EXPECT_EQ(ci.info.name, "CI pipeline");
  EXPECT_EQ(ci.info.id, hash_api_key(ci.key).substr(0, 16));
  EXPECT_FALSE(ci.info.expires_at.has_value());
  store_->add_user("hal", false);

  std::vector<ApiKey> keys = store_->list_keys(first.user.id);
  ASSERT_EQ(keys.size(), 2u);
  // Oldest first. Both keys are usually made within one millisecond, and the
  // contract leaves the order of equal times open, so find each by id.
  EXPECT_LE(keys[0].created_at, keys[1].created_at);
  if (keys[0].id != first.info.id) std::swap(keys[0], keys[1]);
  EXPECT_EQ(keys[0].id, first.info.id);
  EXPECT_EQ(keys[0].name, "");
  EXPECT_EQ(keys[1].id, ci.info.id);
  EXPECT_EQ(keys[1].name, "CI pipeline");
  EXPECT_EQ(keys[1].created_at, ci.info.created_at);

  EXPECT_FALSE(store_->revoke_key(first.user.id, "0000000000000000"));
  EXPECT_FALSE(store_->revoke_key(store_->find_user("hal")->id, ci.info.id));  // only its owner may
  EXPECT_TRUE(store_->authenticate(ci.key).has_value());
  EXPECT_TRUE(store_->revoke_key(first.user.id, ci.info.id));
  EXPECT_FALSE(store_->authenticate(ci.key).has_value());
  EXPECT_FALSE(store_->revoke_key(first.user.id, ci.info.id));  // already revoked
  ASSERT_EQ(store_->list_keys(first.user.id).size(), 1u);
  EXPECT_TRUE(store_->authenticate(first.key).has_value());
}

TEST_P(UserStoreConformance, AnExpiredKeyNoLongerAuthenticates) {
  IssuedKey owner = store_->add_user("ida", false);
  IssuedKey brief = store_->create_key(owner.user, "brief", now_ms() + 150);
  IssuedKey lasting = store_->create_key(owner.user, "lasting", now_ms() + 3'600'000);
  EXPECT_TRUE(store_->authenticate(brief.key).has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_FALSE(store_->authenticate(brief.key).has_value());
  EXPECT_TRUE(store_->authenticate(lasting.key).has_value());
  // Still listed (its owner sees that it expired) until revoked.
  EXPECT_EQ(store_->list_keys(owner.user.id).size(), 3u);
}

TEST_P(UserStoreConformance, AuthenticatingRecordsWhenAKeyWasLastUsed) {
  IssuedKey issued = store_->add_user("jan", false);
  EXPECT_FALSE(store_->list_keys(issued.user.id)[0].last_used_at.has_value());
  TimeMs before = now_ms();
  ASSERT_TRUE(store_->authenticate(issued.key).has_value());
  std::optional<TimeMs> used = store_->list_keys(issued.user.id)[0].last_used_at;
  ASSERT_TRUE(used.has_value());
  EXPECT_GE(*used, before);
  EXPECT_LE(*used, now_ms());
}

// Browser sessions stand for one key: they end with it, on their expiry, or
// when ended; the token and the CSRF token are random and distinct.
TEST_P(UserStoreConformance, ASessionStandsForItsKeyUntilItEnds) {
  IssuedKey owner = store_->add_user("jo", false);
  IssuedKey spare = store_->create_key(owner.user, "spare", std::nullopt);
  EXPECT_FALSE(store_->create_session(new_api_key(), now_ms() + 60'000).has_value()) << "an unknown key";
  auto issued = store_->create_session(owner.key, now_ms() + 60'000);
  ASSERT_TRUE(issued.has_value());
  EXPECT_EQ(issued->token.substr(0, 4), "dts_");
  EXPECT_EQ(issued->token.size(), 68u);
  EXPECT_EQ(issued->session.user.id, owner.user.id);
  EXPECT_EQ(issued->session.key_id, owner.info.id);
  EXPECT_EQ(issued->session.csrf_token.size(), 64u);

  auto seen = open_on("machine-b")->authenticate_session(issued->token);
  ASSERT_TRUE(seen.has_value()) << "any instance knows the session";
  EXPECT_EQ(seen->user.name, "jo");
  EXPECT_EQ(seen->key_id, owner.info.id);
  EXPECT_EQ(seen->csrf_token, issued->session.csrf_token);
  EXPECT_EQ(seen->expires_at, issued->session.expires_at);
  EXPECT_FALSE(store_->authenticate_session(issued->token + "x").has_value());
  EXPECT_FALSE(store_->authenticate_session(owner.key).has_value()) << "a key is not a session";

  auto other = store_->create_session(spare.key, now_ms() + 60'000);
  ASSERT_TRUE(other.has_value());
  EXPECT_NE(other->token, issued->token);
  EXPECT_TRUE(store_->end_session(other->token));
  EXPECT_FALSE(store_->end_session(other->token));
  EXPECT_FALSE(store_->authenticate_session(other->token).has_value());

  EXPECT_TRUE(store_->revoke_key(owner.user.id, owner.info.id));
  EXPECT_FALSE(store_->authenticate_session(issued->token).has_value()) << "revoking the key ends its sessions";

  auto brief = store_->create_session(spare.key, now_ms() + 100);
  ASSERT_TRUE(brief.has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  EXPECT_FALSE(store_->authenticate_session(brief->token).has_value()) << "expired";
}

TEST_P(UserStoreConformance, LimitOverridesAreStoredPerUserAndClearedWithNullopt) {
  IssuedKey erin = store_->add_user("erin", false);
  store_->add_user("frank", false);
  EXPECT_EQ(store_->find_user("erin")->limits, UserLimits{}) << "a new user has the defaults";

  UserLimits limits{5, std::nullopt, 0};
  EXPECT_TRUE(store_->set_limits("erin", limits));
  EXPECT_EQ(store_->find_user("erin")->limits, limits);
  EXPECT_EQ(store_->authenticate(erin.key)->limits, limits) << "a request's user carries them";
  EXPECT_EQ(open_on("machine-b")->list_users().front().limits, limits);
  EXPECT_EQ(store_->find_user("frank")->limits, UserLimits{});

  EXPECT_TRUE(store_->set_limits("erin", UserLimits{}));
  EXPECT_EQ(store_->find_user("erin")->limits, UserLimits{});
  EXPECT_FALSE(store_->set_limits("nobody", limits));
  expect_error(ErrorCode::INVALID_REQUEST, [&] { store_->set_limits("erin", UserLimits{-1, {}, {}}); });
}

std::unique_ptr<UserStore> open_sqlite(const std::filesystem::path& scope, const std::filesystem::path&) {
  return std::make_unique<SqliteUserStore>(scope / "deeptrace.db");
}

std::unique_ptr<UserStore> open_mongo(const std::filesystem::path& scope, const std::filesystem::path&) {
  return std::make_unique<MongoUserStore>(std::make_shared<mongo::Pool>(mongo_test_url(mongo_database_for(scope))));
}

INSTANTIATE_TEST_SUITE_P(Backends, UserStoreConformance,
                         ::testing::Values(StoreBackend<UserStore>{"SQLite", open_sqlite},
                                           StoreBackend<UserStore>{"MongoDB", open_mongo}),
                         BackendName());

}  // namespace
}  // namespace deeptrace::testing
