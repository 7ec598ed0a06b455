// The backends the AnchorStore conformance suite runs against. MongoDB runs
// against the FerretDB server the test binary starts itself.
#include "anchor_store_fixture.hpp"
#include "mongo/mongo_test_server.hpp"

namespace deeptrace::testing {
namespace {

std::string sqlite_url(const std::filesystem::path& scope) { return "sqlite:" + (scope / "deeptrace.db").string(); }

// One database per scope, named after its random suffix.
std::string mongo_url(const std::filesystem::path& scope) {
  std::string name = scope.filename().string();
  return mongo_test_url("dta_" + name.substr(name.rfind('-') + 1));
}

std::string anchor_backend_name(const ::testing::TestParamInfo<AnchorStoreBackend>& info) { return info.param.name; }

INSTANTIATE_TEST_SUITE_P(Backends, AnchorStoreConformance,
                         ::testing::Values(AnchorStoreBackend{"SQLite", sqlite_url},
                                           AnchorStoreBackend{"MongoDB", mongo_url}),
                         anchor_backend_name);

}  // namespace
}  // namespace deeptrace::testing
