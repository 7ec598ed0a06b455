// The backends the conformance suite runs against; the test bodies stay as
// they are. MongoDB runs against a FerretDB server the suite starts itself.
#include "job_store_fixture.hpp"
#include "mongo/mongo_test_server.hpp"
#include "store/mongo/mongo_job_store.hpp"
#include "store/sqlite/sqlite_job_store.hpp"

namespace deeptrace::testing {
namespace {

std::unique_ptr<JobStore> open_sqlite(const std::filesystem::path& scope) {
  return std::make_unique<SqliteJobStore>(scope / "deeptrace.db");
}

// One database per scope; every call opens its own client pool, as a
// separate process would.
std::unique_ptr<JobStore> open_mongo(const std::filesystem::path& scope) {
  std::string database = "dt_" + scope.filename().string().substr(scope.filename().string().rfind('-') + 1);
  return std::make_unique<MongoJobStore>(std::make_shared<mongo::Pool>(mongo_test_url(database)));
}

INSTANTIATE_TEST_SUITE_P(Backends, JobStoreConformance,
                         ::testing::Values(JobStoreBackend{"SQLite", open_sqlite},
                                           JobStoreBackend{"MongoDB", open_mongo, 300}),
                         backend_name);

}  // namespace
}  // namespace deeptrace::testing
