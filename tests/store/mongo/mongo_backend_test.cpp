// The MongoDB backend beyond the conformance suites (job, user, media and
// anchor stores): open_backend() dispatch, GridFS specifics (the download
// cache's place, chunks of an interrupted upload) and an unreachable server.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "core/random.hpp"
#include "core/sha256.hpp"
#include "expect_error.hpp"
#include "mongo/mongo_test_server.hpp"
#include "store/backend.hpp"
#include "store/mongo/mongo_client.hpp"
#include "store/mongo/mongo_job_store.hpp"

namespace deeptrace {
namespace {

namespace fs = std::filesystem;
using testing::mongo_test_url;

using testing::expect_error;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Each test: its own database and its own (empty) state directory, as a
// fresh machine would have.
class MongoBackendTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string suffix = random_hex(8);
    url_ = mongo_test_url("dt_backend_" + suffix);
    state_ = fs::temp_directory_path() / ("deeptrace-mongo-backend-" + suffix);
    backend_ = open_backend(url_, state_);
  }
  void TearDown() override {
    backend_ = {};
    fs::remove_all(state_);
  }

  std::string stage(MediaStore& media, const std::string& content) {
    fs::path temp = media.temp_path();
    std::ofstream(temp, std::ios::binary) << content;
    std::string sha = sha256_hex(content);
    media.put(temp, sha);
    EXPECT_FALSE(fs::exists(temp));
    return sha;
  }

  std::string url_;
  fs::path state_;
  Backend backend_;
};

TEST_F(MongoBackendTest, MongoUrlsOpenMongoJobsUsersAndGridFsMedia) {
  EXPECT_NE(dynamic_cast<MongoJobStore*>(backend_.jobs.get()), nullptr);
  backend_.jobs->ping();
  auto issued = backend_.users->add_user("alice", false);
  EXPECT_EQ(backend_.users->authenticate(issued.key)->name, "alice");
}

TEST_F(MongoBackendTest, GridFsRoundTripsMultiChunkFilesToAnotherMachinesCache) {
  std::string content;
  for (int i = 0; i < 700000; ++i) content += static_cast<char>('a' + i % 23);  // ~3 GridFS chunks
  std::string sha = stage(*backend_.media, content);
  EXPECT_TRUE(backend_.media->contains(sha));

  // A second machine: same server, its own empty state directory.
  fs::path other_state = state_ / "other-machine";
  Backend other = open_backend(url_, other_state);
  fs::path local = other.media->local_path(sha);
  EXPECT_TRUE(local.string().rfind(other_state.string(), 0) == 0) << local;
  EXPECT_EQ(read_file(local), content);
}


// An upload cut off by a crash or a store outage leaves chunks without their
// files document; the next upload of that content must not wait on them forever.
TEST_F(MongoBackendTest, ChunksLeftByAnInterruptedUploadAreReplaced) {
  stage(*backend_.media, "creates the bucket's indexes");
  std::string content = "the real bytes of an upload that was interrupted";
  std::string sha = sha256_hex(content);
  mongo::Pool pool(url_);
  mongo::Collection chunks(pool, "fs.chunks");
  chunks.insert_one({{"files_id", sha}, {"n", 0}, {"data", {{"$binary", {{"base64", "c3RhbGU="}, {"subType", "00"}}}}}});
  ASSERT_FALSE(backend_.media->contains(sha));

  EXPECT_EQ(stage(*backend_.media, content), sha);
  EXPECT_TRUE(backend_.media->contains(sha));
  EXPECT_EQ(read_file(backend_.media->local_path(sha)), content);
  EXPECT_EQ(chunks.count({{"files_id", sha}}), 1);
}




TEST(MongoBackendUnreachable, NoServerIsStoreUnavailable) {
  // Port 9 (discard) on loopback: nothing listens there.
  fs::path state = fs::temp_directory_path() / ("deeptrace-mongo-down-" + random_hex(8));
  expect_error(ErrorCode::STORE_UNAVAILABLE,
               [&] { open_backend("mongodb://127.0.0.1:9/deeptrace?serverSelectionTimeoutMS=500", state); });
  fs::remove_all(state);
}

TEST(MongoBackendUrl, MalformedUrlsAreInvalidRequests) {
  expect_error(ErrorCode::INVALID_REQUEST, [] { open_backend("mongodb://", fs::temp_directory_path()); });
}

}  // namespace
}  // namespace deeptrace
