// SQLite-specific behaviour that the backend-neutral conformance suite
// cannot express: schema versioning, lock timeouts, a full database.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "core/random.hpp"
#include "store/sqlite/sqlite_job_store.hpp"
#include "store/sqlite/sqlite_util.hpp"
#include "store/sqlite/sqlite_user_store.hpp"
#include "store/sqlite/sqlite_webhook_store.hpp"
#include "schema_history.hpp"

namespace deeptrace {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class SqliteJobStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("deeptrace-sqlite-test-" + random_hex(8));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // A raw second connection, playing another process.
  sqlite3* raw_connection() {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open((dir_ / "deeptrace.db").c_str(), &db), SQLITE_OK);
    return db;
  }

  static int query_int(sqlite3* db, const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
    int value = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    return value;
  }

  fs::path dir_;
};

NewJob sample_job() {
  NewJob job;
  job.owner = "alice";
  job.media.sha256 = std::string(64, 'd');
  return job;
}

TEST_F(SqliteJobStoreTest, OpeningCreatesTheSchemaInWalMode) {
  SqliteJobStore jobs(dir_ / "deeptrace.db");
  SqliteUserStore users(dir_ / "deeptrace.db");  // same file, same schema, no second migration
  sqlite3* db = raw_connection();
  EXPECT_EQ(query_int(db, "PRAGMA user_version"), testing::kCurrentSchemaVersion);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name IN "
                          "('jobs','workers','users','api_keys')"), 4);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM sqlite_master WHERE name='jobs_owner_idempotency'"), 1);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

// Keys made before version 3 keep working, with no name and no expiry.
TEST_F(SqliteJobStoreTest, KeysFromSchemaVersionTwoSurviveTheMigration) {
  std::string key;
  {
    SqliteUserStore users(dir_ / "deeptrace.db");
    key = users.add_user("old", false).key;
  }
  sqlite3* db = raw_connection();
  const std::string to_version_2 = std::string(testing::kUndoSchemaAfterVersion2) + "PRAGMA user_version=2";
  ASSERT_EQ(sqlite3_exec(db, to_version_2.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  SqliteUserStore users(dir_ / "deeptrace.db");
  EXPECT_EQ(query_int(db, "PRAGMA user_version"), testing::kCurrentSchemaVersion);
  sqlite3_close(db);
  std::optional<User> user = users.authenticate(key);
  ASSERT_TRUE(user.has_value());
  std::vector<ApiKey> keys = users.list_keys(user->id);
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].name, "");
  EXPECT_FALSE(keys[0].expires_at.has_value());
  EXPECT_TRUE(keys[0].last_used_at.has_value());
}

// Endpoints made before version 8 keep their secret and have no previous one.
TEST_F(SqliteJobStoreTest, WebhooksFromSchemaVersionSevenSurviveTheMigration) {
  Webhook hook;
  hook.id = "wh_old";
  hook.owner = "u1";
  hook.url = "https://hooks.example.com/";
  hook.events = {"job.failed"};
  hook.secret = "whsec_c2VjcmV0";
  { SqliteWebhookStore(dir_ / "deeptrace.db").create(hook); }
  sqlite3* db = raw_connection();
  const std::string to_version_7 = std::string(testing::kUndoSchemaAfterVersion7) + "PRAGMA user_version=7";
  ASSERT_EQ(sqlite3_exec(db, to_version_7.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM pragma_table_info('webhooks') WHERE name='previous_secret'"), 0);
  SqliteWebhookStore webhooks(dir_ / "deeptrace.db");
  EXPECT_EQ(query_int(db, "PRAGMA user_version"), testing::kCurrentSchemaVersion);
  sqlite3_close(db);
  std::optional<Webhook> stored = webhooks.find("wh_old");
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->secret, "whsec_c2VjcmV0");
  EXPECT_EQ(stored->previous_secret, "");
  EXPECT_FALSE(stored->previous_secret_until.has_value());
}

TEST_F(SqliteJobStoreTest, ANewerSchemaIsRefused) {
  { SqliteJobStore create_schema(dir_ / "deeptrace.db"); }
  sqlite3* db = raw_connection();
  ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(db);
  try {
    SqliteJobStore store(dir_ / "deeptrace.db");
    ADD_FAILURE() << "opened a database from the future";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::STORE_UNAVAILABLE);
  }
}

TEST_F(SqliteJobStoreTest, AWriteLockHeldPastTheBusyTimeoutIsStoreUnavailable) {
  SqliteJobStore store(dir_ / "deeptrace.db", 200ms);
  std::string id = store.create(sample_job()).job.id;
  sqlite3* other = raw_connection();
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  try {
    store.create(sample_job());
    ADD_FAILURE() << "wrote through another connection's write lock";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::STORE_UNAVAILABLE) << e.what();
  }
  EXPECT_TRUE(store.get(id).has_value());  // WAL readers are not blocked by the writer
  EXPECT_NO_THROW(store.ping());
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_TRUE(store.create(sample_job()).created);  // and it recovers once the lock is gone
}

// SQLITE_FULL is what a full disk gives; max_page_count makes SQLite give it
// for real without one. Clients get the stable out-of-space code (507), not
// "store unavailable", and writes work again once there is room.
TEST_F(SqliteJobStoreTest, AFullDatabaseIsInsufficientStorage) {
  sqlite::Connection db(dir_ / "full.db", 200ms);
  db.exec("CREATE TABLE blobs (data BLOB)");
  db.exec("PRAGMA max_page_count=16");
  auto insert_blob = [&] { db.exec("INSERT INTO blobs VALUES (zeroblob(65536))"); };
  try {
    for (int i = 0; i < 8; ++i) insert_blob();
    ADD_FAILURE() << "16 pages held 8 blobs of 64 KiB";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::INSUFFICIENT_STORAGE) << e.what();
    EXPECT_EQ(http_status(e.code()), 507);
  }
  db.exec("PRAGMA max_page_count=1000000");
  EXPECT_NO_THROW(insert_blob());
}

}  // namespace
}  // namespace deeptrace
