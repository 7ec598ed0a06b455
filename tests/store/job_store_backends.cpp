// The backends the conformance suite runs against. MongoDB joins this list
// when its backend exists; the test bodies stay as they are.
#include "job_store_fixture.hpp"
#include "store/sqlite_job_store.hpp"

namespace deeptrace::testing {
namespace {

std::unique_ptr<JobStore> open_sqlite(const std::filesystem::path& scope) {
  return std::make_unique<SqliteJobStore>(scope / "deeptrace.db");
}

INSTANTIATE_TEST_SUITE_P(Backends, JobStoreConformance,
                         ::testing::Values(JobStoreBackend{"SQLite", open_sqlite}), backend_name);

}  // namespace
}  // namespace deeptrace::testing
