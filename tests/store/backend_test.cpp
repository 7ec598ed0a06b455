#include <gtest/gtest.h>

#include "core/random.hpp"
#include "store/backend.hpp"

namespace deeptrace {
namespace {

namespace fs = std::filesystem;

class BackendTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = fs::temp_directory_path() / ("deeptrace-backend-test-" + random_hex(8)); }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

NewJob sample_job() {
  NewJob job;
  job.owner = "alice";
  job.media.sha256 = std::string(64, 'c');
  return job;
}

TEST_F(BackendTest, DefaultIsSqliteInTheStateDirectory) {
  fs::path state = dir_ / "state";
  Backend backend = open_backend("", state);
  ASSERT_TRUE(backend.jobs && backend.users && backend.media);
  EXPECT_TRUE(fs::exists(state / "deeptrace.db"));
  EXPECT_TRUE(fs::is_directory(state / "media"));
  EXPECT_TRUE(fs::is_directory(state / "tmp"));
  backend.jobs->ping();
  std::string id = backend.jobs->create(sample_job()).job.id;
  backend.users->add_user("alice", false);

  // Reopening the same state directory finds the same data.
  Backend again = open_backend("sqlite:", state);
  EXPECT_TRUE(again.jobs->get(id).has_value());
  EXPECT_TRUE(again.users->find_user("alice").has_value());
}

TEST_F(BackendTest, SqliteUrlsAndPlainPathsNameTheDatabaseFile) {
  fs::path by_url = dir_ / "db" / "a.db";
  open_backend("sqlite:" + by_url.string(), dir_ / "state");
  EXPECT_TRUE(fs::exists(by_url));
  fs::path by_path = dir_ / "b.db";
  open_backend(by_path.string(), dir_ / "state");
  EXPECT_TRUE(fs::exists(by_path));
}

TEST_F(BackendTest, UnsupportedUrlsAreClearErrors) {
  for (std::string url : {"postgres://x", "redis://localhost/0"}) {
    try {
      open_backend(url, dir_);
      ADD_FAILURE() << url;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::INVALID_REQUEST);
    }
  }
}

TEST_F(BackendTest, UnopenableDatabaseIsStoreUnavailable) {
  fs::create_directories(dir_ / "state" / "deeptrace.db");  // a directory where the file should be
  try {
    open_backend("", dir_ / "state");
    ADD_FAILURE() << "opened a directory as a database";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::STORE_UNAVAILABLE);
  }
}

}  // namespace
}  // namespace deeptrace
