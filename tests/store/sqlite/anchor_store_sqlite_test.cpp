// SQLite-specific anchor behaviour: a database made before anchoring existed
// (schema version 1) gains the anchor tables on open and keeps its jobs.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "core/random.hpp"
#include "store/sqlite/sqlite_anchor_store.hpp"
#include "store/sqlite/sqlite_job_store.hpp"
#include "schema_history.hpp"

namespace deeptrace {
namespace {

namespace fs = std::filesystem;

int query_int(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  int value = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  return value;
}

TEST(SqliteAnchorStore, AVersionOneDatabaseIsMigrated) {
  fs::path dir = fs::temp_directory_path() / ("deeptrace-anchor-sqlite-" + random_hex(8));
  fs::create_directories(dir);
  fs::path file = dir / "deeptrace.db";
  std::string job_id;
  {
    SqliteJobStore jobs(file);
    NewJob request;
    request.owner = "alice";
    request.media.sha256 = std::string(64, 'd');
    job_id = jobs.create(request).job.id;
  }
  // Turn the file back into what schema version 1 made.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  const std::string to_version_1 = "DROP TABLE anchor_entries; DROP TABLE anchor_batches; " +
                                   std::string(testing::kUndoSchemaAfterVersion2) + "PRAGMA user_version=1";
  ASSERT_EQ(sqlite3_exec(db, to_version_1.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'anchor_%'"), 0);

  SqliteAnchorStore anchors(file);
  EXPECT_EQ(query_int(db, "PRAGMA user_version"), testing::kCurrentSchemaVersion);
  EXPECT_EQ(query_int(db, "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name IN "
                          "('anchor_batches','anchor_entries')"), 2);
  sqlite3_close(db);
  EXPECT_TRUE(anchors.unanchored_jobs(10).empty());  // the job is PENDING, not COMPLETED
  EXPECT_TRUE(SqliteJobStore(file).get(job_id).has_value());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace deeptrace
