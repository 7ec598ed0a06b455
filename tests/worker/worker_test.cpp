// The worker loop against the real SQLite store. The processor here is a
// scripted stand-in so that each test controls when the "analysis" ends;
// real models run in the process-level tests (tests/worker/*.py).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "core/random.hpp"
#include "core/sha256.hpp"
#include "store/backend.hpp"
#include "worker/worker.hpp"

namespace deeptrace::worker {
namespace {

using namespace std::chrono_literals;

class ScriptedProcessor : public JobProcessor {
 public:
  std::function<Json(const detect::AnalysisHooks&)> script;
  std::promise<void> started;
  Json process(const Job&, const std::filesystem::path& media,
               const detect::AnalysisHooks& hooks) override {
    EXPECT_TRUE(std::filesystem::exists(media));
    hooks.on_progress({"decode", 0, 1});
    started.set_value();
    return script(hooks);
  }
};

Json wait_for_stop(const detect::AnalysisHooks& hooks) {
  while (!hooks.should_stop->load()) std::this_thread::sleep_for(5ms);
  throw detect::AnalysisInterrupted();
}

class WorkerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("dt-worker-" + random_hex(6));
    backend_ = open_backend("", dir_);
    config_.worker_id = "w1";
    config_.lease = 300ms;
    config_.grace = 0ms;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  Job submit(bool store_media = true) {
    std::string content = "media " + random_hex(8);
    auto temp = backend_.media->temp_path();
    std::ofstream(temp) << content;
    NewJob request;
    request.owner = "owner";
    request.media.sha256 = sha256_hex(content);
    if (store_media) backend_.media->put(temp, request.media.sha256);
    else std::filesystem::remove(temp);
    return backend_.jobs->create(request).job;
  }

  Job fetch(const Job& job) { return *backend_.jobs->get(job.id); }

  // Runs one worker until it has handled one job (max_jobs = 1).
  std::future<int> start_worker(Worker& worker) {
    return std::async(std::launch::async, [&worker] { return worker.run(); });
  }

  std::filesystem::path dir_;
  Backend backend_;
  WorkerConfig config_;
  ScriptedProcessor processor_;
};

TEST_F(WorkerTest, CompletesAJobWithItsReport) {
  Job job = submit();
  processor_.script = [](const auto&) { return Json{{"verdict", "likely_real"}}; };
  config_.max_jobs = 1;
  Worker worker(config_, *backend_.jobs, *backend_.media, processor_);
  EXPECT_EQ(worker.run(), 1);
  Job done = fetch(job);
  EXPECT_EQ(done.status, JobStatus::Completed);
  EXPECT_EQ(done.attempts, 1);
  EXPECT_EQ((*done.result)["verdict"], "likely_real");
}

TEST_F(WorkerTest, SeesCancellationOnItsNextHeartbeat) {
  Job job = submit();
  processor_.script = wait_for_stop;
  config_.max_jobs = 1;
  Worker worker(config_, *backend_.jobs, *backend_.media, processor_);
  auto done = start_worker(worker);
  processor_.started.get_future().wait();
  EXPECT_EQ(backend_.jobs->cancel(job.id, "owner"), CancelOutcome::Flagged);
  done.get();
  EXPECT_EQ(fetch(job).status, JobStatus::Cancelled);
}

TEST_F(WorkerTest, ReleasesItsJobWhenStoppedAfterTheGracePeriod) {
  Job job = submit();
  processor_.script = wait_for_stop;
  Worker worker(config_, *backend_.jobs, *backend_.media, processor_);
  auto done = start_worker(worker);
  processor_.started.get_future().wait();
  worker.request_stop();
  EXPECT_EQ(done.get(), 1);
  Job released = fetch(job);
  EXPECT_EQ(released.status, JobStatus::Pending);
  EXPECT_EQ(released.attempts, 0) << "a released job does not spend an attempt";
}

TEST_F(WorkerTest, FinishesItsJobWithinTheGracePeriod) {
  Job job = submit();
  std::promise<void> stop_sent;
  auto stop_seen = stop_sent.get_future().share();
  processor_.script = [stop_seen](const auto&) {
    stop_seen.wait();
    return Json{{"verdict", "inconclusive"}};
  };
  config_.grace = 60s;
  Worker worker(config_, *backend_.jobs, *backend_.media, processor_);
  auto done = start_worker(worker);
  processor_.started.get_future().wait();
  worker.request_stop();
  stop_sent.set_value();
  EXPECT_EQ(done.get(), 1);
  EXPECT_EQ(fetch(job).status, JobStatus::Completed);
}

TEST_F(WorkerTest, NonRetryableErrorFailsAtOnce) {
  Job job = submit();
  processor_.script = [](const auto&) -> Json { throw Error(ErrorCode::CORRUPT_MEDIA, "bad frame"); };
  config_.max_jobs = 1;
  Worker worker(config_, *backend_.jobs, *backend_.media, processor_);
  worker.run();
  Job failed = fetch(job);
  EXPECT_EQ(failed.status, JobStatus::Failed);
  EXPECT_EQ(failed.attempts, 1);
  ASSERT_TRUE(failed.error);
  EXPECT_EQ(failed.error->code, ErrorCode::CORRUPT_MEDIA);
}

TEST_F(WorkerTest, RetryableErrorGoesBackToPendingWithBackoff) {
  Job job = submit();
  processor_.script = [](const auto&) -> Json { throw Error(ErrorCode::INFERENCE_FAILED, "oom"); };
  config_.max_jobs = 1;
  Worker worker(config_, *backend_.jobs, *backend_.media, processor_);
  worker.run();
  Job retried = fetch(job);
  EXPECT_EQ(retried.status, JobStatus::Pending);
  EXPECT_GT(retried.run_after, retried.created_at);
  ASSERT_EQ(retried.error_history.size(), 1u);
}

TEST_F(WorkerTest, MissingMediaFailsWithItsCode) {
  Job job = submit(/*store_media=*/false);
  processor_.script = [](const auto&) { return Json::object(); };
  config_.max_jobs = 1;
  Worker worker(config_, *backend_.jobs, *backend_.media, processor_);
  worker.run();
  Job failed = fetch(job);
  EXPECT_EQ(failed.status, JobStatus::Failed);
  EXPECT_EQ(failed.error->code, ErrorCode::MEDIA_MISSING);
}

TEST_F(WorkerTest, IdleWorkerPicksUpAJobSubmittedLater) {
  processor_.script = [](const auto&) { return Json{{"verdict", "likely_real"}}; };
  config_.max_jobs = 1;
  Worker worker(config_, *backend_.jobs, *backend_.media, processor_);
  auto done = start_worker(worker);
  std::this_thread::sleep_for(50ms);
  Job job = submit();
  EXPECT_EQ(done.get(), 1);
  EXPECT_EQ(fetch(job).status, JobStatus::Completed);
}

}  // namespace
}  // namespace deeptrace::worker
