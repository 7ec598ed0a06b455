#include "anchor_store_fixture.hpp"

#include <cstdio>
#include <thread>

#include "core/random.hpp"
#include "core/time.hpp"

namespace deeptrace::testing {

void AnchorStoreConformance::SetUp() {
  scope_ = std::filesystem::temp_directory_path() / ("deeptrace-anchor-test-" + random_hex(8));
  std::filesystem::create_directories(scope_);
  backend_ = open_another();
}

void AnchorStoreConformance::TearDown() {
  backend_ = Backend{};
  std::error_code ignored;
  std::filesystem::remove_all(scope_, ignored);
}

Backend AnchorStoreConformance::open_another() { return open_backend(GetParam().url(scope_), scope_); }

Job AnchorStoreConformance::pending_job(int priority) {
  NewJob request;
  request.owner = "alice";
  request.priority = priority;
  request.media.sha256 = std::string(64, 'a');
  request.options.detectors = {"mesonet"};
  return jobs().create(request).job;
}

Job AnchorStoreConformance::complete(const Job& job) {
  auto claimed = jobs().claim("worker-1", std::chrono::seconds(60));
  if (!claimed || claimed->id != job.id) throw std::runtime_error("expected to claim job " + job.id);
  // Distinct finished_at values keep the oldest-first order free of ties.
  wait_for_next_millisecond();
  if (jobs().complete(job.id, claimed->lease->id, Json{{"verdict", "real"}}) != LeaseCheck::Ok) {
    throw std::runtime_error("could not complete job " + job.id);
  }
  return *jobs().get(job.id);
}

std::vector<std::string> AnchorStoreConformance::completed_job_ids(int count) {
  std::vector<std::string> ids;
  for (int i = 0; i < count; ++i) ids.push_back(completed_job().id);
  return ids;
}

NewAnchorBatch AnchorStoreConformance::batch_of(const std::vector<std::string>& job_ids, int root_seed) const {
  NewAnchorBatch batch;
  batch.root = hash32(root_seed);
  batch.chain_id = 31337;
  batch.contract = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
  int n = 1000;
  for (const auto& id : job_ids) batch.entries.push_back({id, hash32(++n), {hash32(++n), hash32(++n)}});
  return batch;
}

std::vector<std::string> AnchorStoreConformance::unanchored_ids(int limit) {
  std::vector<std::string> ids;
  for (const auto& job : anchors().unanchored_jobs(limit)) ids.push_back(job.id);
  return ids;
}

std::vector<std::string> AnchorStoreConformance::batch_ids(AnchorState state, int limit) {
  std::vector<std::string> ids;
  for (const auto& batch : anchors().batches_in_state(state, limit)) ids.push_back(batch.id);
  return ids;
}

std::string hash32(int n) {
  char text[67];
  std::snprintf(text, sizeof text, "0x%064x", static_cast<unsigned>(n));
  return text;
}

std::vector<std::string> job_ids_of(const std::vector<AnchorEntry>& entries) {
  std::vector<std::string> ids;
  for (const auto& entry : entries) ids.push_back(entry.job_id);
  return ids;
}

void wait_for_next_millisecond() {
  TimeMs start = now_ms();
  while (now_ms() == start) std::this_thread::yield();
}

}  // namespace deeptrace::testing
