// A build without the C2PA SDK (no Rust toolchain at the crate's MSRV): the
// reader answers `unavailable` for every file, in the report's shape, and
// still refuses a trust file that does not exist. Linked against
// deeptrace_provenance_no_sdk, which every build compiles.
#include <gtest/gtest.h>

#include "provenance/provenance.hpp"
#include "report_schema_check.hpp"

namespace deeptrace::provenance {
namespace {

TEST(ProvenanceWithoutSdk, EveryFileIsUnavailableAndTheReportSaysWhy) {
  EXPECT_EQ(sdk(), std::nullopt);
  Reader reader;
  report::Provenance p = reader.read(std::string(DEEPTRACE_SHARED_DIR) + "/fixtures/c2pa/C.jpg", "image/jpeg");
  EXPECT_EQ(p.status, report::ProvenanceStatus::Unavailable);
  EXPECT_EQ(p.reason, "SDK_NOT_BUILT");
  EXPECT_EQ(p.sdk, std::nullopt);
  EXPECT_EQ(p.manifest, std::nullopt);
  EXPECT_FALSE(p.generative_ai);
  EXPECT_NE(p.summary.find("built without the C2PA SDK"), std::string::npos) << p.summary;
  EXPECT_TRUE(deeptrace::testing::matches_report_schema(report::Json(p), "Provenance"));
}

TEST(ProvenanceWithoutSdk, AMissingTrustFileIsAConfigurationError) {
  EXPECT_THROW(Reader({"/nonexistent/anchors.pem", {}}), std::invalid_argument);
}

}  // namespace
}  // namespace deeptrace::provenance
