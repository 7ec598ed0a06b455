#include "job_store_fixture.hpp"

#include "core/random.hpp"

namespace deeptrace::testing {

std::string backend_name(const ::testing::TestParamInfo<JobStoreBackend>& info) { return info.param.name; }

void JobStoreConformance::SetUp() {
  scope_ = std::filesystem::temp_directory_path() / ("deeptrace-store-test-" + random_hex(8));
  std::filesystem::create_directories(scope_);
  store_ = open_another();
}

void JobStoreConformance::TearDown() {
  store_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(scope_, ignored);
}

NewJob JobStoreConformance::new_job(const std::string& owner, int priority) const {
  NewJob request;
  request.owner = owner;
  request.priority = priority;
  request.media.sha256 = fake_digest('a');
  request.media.size = 1234;
  request.media.filename = "clip.mp4";
  request.media.container = "mov,mp4";
  request.media.codec = "h264";
  request.media.duration_s = 11.5;
  request.media.width = 720;
  request.media.height = 528;
  request.media.fps = 24;
  request.options.frames = 16;
  request.options.detectors = {"mesonet"};
  return request;
}

Job JobStoreConformance::create_job(const std::string& owner, int priority) {
  return store_->create(new_job(owner, priority)).job;
}

Job JobStoreConformance::claim_expecting(const std::string& job_id, std::chrono::milliseconds lease) {
  auto claimed = store_->claim("worker-1", lease);
  EXPECT_TRUE(claimed.has_value());
  if (!claimed) throw std::runtime_error("nothing to claim");
  EXPECT_EQ(claimed->id, job_id);
  return *claimed;
}

Job JobStoreConformance::reload(const std::string& job_id) {
  auto job = store_->get(job_id);
  if (!job) throw std::runtime_error("job " + job_id + " vanished");
  return *job;
}

std::string fake_digest(char fill) { return std::string(64, fill); }

}  // namespace deeptrace::testing
