#include <gtest/gtest.h>

#include <filesystem>
#include <functional>

#include "core/random.hpp"
#include "store/sqlite/sqlite_user_store.hpp"

namespace deeptrace {
namespace {

class SqliteUserStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("deeptrace-user-test-" + random_hex(8));
    std::filesystem::create_directories(dir_);
    store_ = std::make_unique<SqliteUserStore>(dir_ / "deeptrace.db");
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }
  std::filesystem::path dir_;
  std::unique_ptr<SqliteUserStore> store_;
};

void expect_invalid_request(const std::function<void()>& fn) {
  try {
    fn();
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::INVALID_REQUEST);
  }
}

TEST(ApiKeys, HaveThePrefixAndAreRandom) {
  std::string key = new_api_key();
  EXPECT_EQ(key.substr(0, 3), "dt_");
  EXPECT_EQ(key.size(), 67u);
  EXPECT_NE(key, new_api_key());
  EXPECT_EQ(hash_api_key(key).size(), 64u);
  EXPECT_NE(hash_api_key(key), key);
}

TEST_F(SqliteUserStoreTest, AddedUserAuthenticatesWithTheIssuedKey) {
  IssuedKey issued = store_->add_user("alice", true);
  EXPECT_EQ(issued.user.name, "alice");
  EXPECT_TRUE(issued.user.admin);
  auto user = store_->authenticate(issued.key);
  ASSERT_TRUE(user.has_value());
  EXPECT_EQ(user->id, issued.user.id);
  EXPECT_TRUE(user->admin);
}

TEST_F(SqliteUserStoreTest, WrongOrEmptyKeysDoNotAuthenticate) {
  IssuedKey issued = store_->add_user("alice", false);
  EXPECT_FALSE(store_->authenticate(new_api_key()).has_value());
  EXPECT_FALSE(store_->authenticate("").has_value());
  EXPECT_FALSE(store_->authenticate(issued.key + "x").has_value());
  EXPECT_FALSE(store_->authenticate(hash_api_key(issued.key)).has_value());  // the digest is not a key
}

TEST_F(SqliteUserStoreTest, RevokedKeysStopWorking) {
  IssuedKey first = store_->add_user("bob", false);
  IssuedKey second = store_->add_key("bob");
  EXPECT_NE(first.key, second.key);
  EXPECT_TRUE(store_->authenticate(second.key).has_value());
  EXPECT_EQ(store_->revoke_keys("bob"), 2);
  EXPECT_FALSE(store_->authenticate(first.key).has_value());
  EXPECT_FALSE(store_->authenticate(second.key).has_value());
  EXPECT_EQ(store_->revoke_keys("bob"), 0);
  IssuedKey third = store_->add_key("bob");
  EXPECT_TRUE(store_->authenticate(third.key).has_value());
}

TEST_F(SqliteUserStoreTest, DuplicateAndInvalidNamesAreRejected) {
  store_->add_user("carol", false);
  expect_invalid_request([&] { store_->add_user("carol", true); });
  expect_invalid_request([&] { store_->add_user("", false); });
  expect_invalid_request([&] { store_->add_user("has space", false); });
  expect_invalid_request([&] { store_->add_key("nobody"); });
  EXPECT_EQ(store_->list_users().size(), 1u);
}

TEST_F(SqliteUserStoreTest, FindAndListUsers) {
  store_->add_user("zed", false);
  store_->add_user("amy", true);
  EXPECT_FALSE(store_->find_user("nobody").has_value());
  ASSERT_TRUE(store_->find_user("amy").has_value());
  EXPECT_TRUE(store_->find_user("amy")->admin);
  auto users = store_->list_users();
  ASSERT_EQ(users.size(), 2u);
  EXPECT_EQ(users[0].name, "amy");
  EXPECT_EQ(users[1].name, "zed");
}

TEST_F(SqliteUserStoreTest, KeysSurviveReopening) {
  IssuedKey issued = store_->add_user("dave", false);
  store_.reset();
  SqliteUserStore reopened(dir_ / "deeptrace.db");
  EXPECT_TRUE(reopened.authenticate(issued.key).has_value());
}

}  // namespace
}  // namespace deeptrace
