// JobRun's retries through store trouble, against the real SQLite store.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/random.hpp"
#include "store/backend.hpp"
#include "worker/job_run.hpp"

namespace deeptrace::worker {
namespace {

using namespace std::chrono_literals;

class JobRunTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("dt-job-run-" + random_hex(6));
    backend_ = open_backend("", dir_);
    NewJob request;
    request.owner = "owner";
    request.media.sha256 = std::string(64, 'a');
    backend_.jobs->create(request);
    job_ = *backend_.jobs->claim("w1", 10s);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // A store call that fails `failures` times with `code`, then answers 42.
  int call_failing(ErrorCode code, int failures) {
    JobRun run(*backend_.jobs, job_, 10s, 3s, [] { return false; });
    int calls = 0;
    return run.while_leased([&] {
      if (calls++ < failures) throw Error(code, "simulated by the test");
      return 42;
    });
  }

  std::filesystem::path dir_;
  Backend backend_;
  Job job_;
};

TEST_F(JobRunTest, RetriesThroughAStoreOutageWhileTheLeaseHolds) {
  EXPECT_EQ(call_failing(ErrorCode::STORE_UNAVAILABLE, 2), 42);
}

// An operator frees space and the write goes through: the finished analysis
// is not thrown away for a transient full disk.
TEST_F(JobRunTest, RetriesThroughAFullDiskWhileTheLeaseHolds) {
  EXPECT_EQ(call_failing(ErrorCode::INSUFFICIENT_STORAGE, 2), 42);
}

TEST_F(JobRunTest, OtherErrorsAreNotRetried) {
  EXPECT_THROW(call_failing(ErrorCode::CORRUPT_MEDIA, 1), Error);
}

}  // namespace
}  // namespace deeptrace::worker
