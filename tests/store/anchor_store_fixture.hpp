#pragma once
// The AnchorStore conformance suite's fixture. Every TEST_P in
// anchor_store_*_test.cpp runs once per backend listed in
// anchor_store_backends.cpp. Stores are opened through open_backend(), so the
// suite also checks that every backend wires an AnchorStore next to its
// JobStore on the same database.
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "store/backend.hpp"

namespace deeptrace::testing {

struct AnchorStoreBackend {
  std::string name;
  // The store URL of the (fresh, empty) database identified by scope, a
  // scratch directory per test. Every open of the URL is a new connection.
  std::function<std::string(const std::filesystem::path& scope)> url;
};

inline void PrintTo(const AnchorStoreBackend& backend, std::ostream* out) { *out << backend.name; }

class AnchorStoreConformance : public ::testing::TestWithParam<AnchorStoreBackend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Another set of stores on the same database, as a second process would have.
  Backend open_another();
  AnchorStore& anchors() { return *backend_.anchors; }
  JobStore& jobs() { return *backend_.jobs; }

  // A PENDING job; a higher priority is claimed first.
  Job pending_job(int priority = 0);
  // Claims `job` (it must be the best claimable one) and completes it.
  Job complete(const Job& job);
  Job completed_job() { return complete(pending_job(100)); }
  std::vector<std::string> completed_job_ids(int count);

  // A valid request over these jobs; `root_seed` picks the root.
  NewAnchorBatch batch_of(const std::vector<std::string>& job_ids, int root_seed = 1) const;
  std::vector<std::string> unanchored_ids(int limit = 1000);
  std::vector<std::string> batch_ids(AnchorState state, int limit = 1000);

  std::filesystem::path scope_;
  Backend backend_;
};

// "0x" + 64 lowercase hex digits encoding n: a well-formed hash.
std::string hash32(int n);
std::vector<std::string> job_ids_of(const std::vector<AnchorEntry>& entries);
// Returns once now_ms() has moved past its value at the call, so that the
// next timestamp written differs from every earlier one.
void wait_for_next_millisecond();

}  // namespace deeptrace::testing
