#pragma once
// The JobStore conformance suite's fixture. Every TEST_P in
// job_store_*_test.cpp runs once per backend in kJobStoreBackends
// (job_store_backends.cpp); a new backend joins by adding a factory there.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <thread>

#include "core/time.hpp"
#include "store/job_store.hpp"

namespace deeptrace::testing {

struct JobStoreBackend {
  std::string name;
  // Opens a NEW store instance (own connection) on the database identified by
  // scope: a fresh, empty scratch directory per test. Two calls with the same
  // scope must see the same jobs.
  std::function<std::unique_ptr<JobStore>(const std::filesystem::path& scope)> open;
  // Size of the exactly-once drain. FerretDB (the MongoDB test server) scans
  // every document for any query not on _id, so each claim costs O(jobs);
  // 2,000 jobs take it over 15 minutes on 2 cores, far beyond a CI run.
  int exactly_once_jobs = 2000;
};

// gtest prints parameters of failed tests; show the backend's name, not bytes.
inline void PrintTo(const JobStoreBackend& backend, std::ostream* out) { *out << backend.name; }

std::string backend_name(const ::testing::TestParamInfo<JobStoreBackend>& info);

class JobStoreConformance : public ::testing::TestWithParam<JobStoreBackend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Another instance on the same database, as a second process would have.
  std::unique_ptr<JobStore> open_another() { return GetParam().open(scope_); }

  NewJob new_job(const std::string& owner = "alice", int priority = 0) const;
  Job create_job(const std::string& owner = "alice", int priority = 0);
  Job create_job_with(const NewJob& request) { return store_->create(request).job; }
  // Claims the only runnable job and checks that it is the expected one.
  Job claim_expecting(const std::string& job_id, std::chrono::milliseconds lease = std::chrono::seconds(30));
  Job reload(const std::string& job_id);
  // (job_store_history_test.cpp) A job run to COMPLETED whose report has
  // `verdict` and an artifact with digest fake_digest(c) for each c.
  Job completed(const std::string& filename, char media, const std::string& verdict, const std::string& artifacts,
                const std::string& owner = "alice");
  // Every id listed for alice under `filter`, following cursors.
  std::vector<std::string> listed(const JobFilter& filter, int limit = 100);

  static void sleep_past(std::chrono::milliseconds lease) {
    std::this_thread::sleep_for(lease * 2 + std::chrono::milliseconds(50));
  }

  std::filesystem::path scope_;
  std::unique_ptr<JobStore> store_;
};

// A sha256-shaped digest derived from a label, for media references.
std::string fake_digest(char fill);

}  // namespace deeptrace::testing
