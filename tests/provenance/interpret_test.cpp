// The rules from what the C2PA SDK says to the report's provenance section,
// the XMP fallback, and the build without the SDK. No SDK needed: these run
// in every build.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "provenance/interpret.hpp"
#include "provenance/provenance.hpp"
#include "provenance/xmp.hpp"
#include "report_schema_check.hpp"

namespace deeptrace::provenance {
namespace {

using report::Json;
using report::ProvenanceStatus;

constexpr const char* kTrained = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

void expect_valid(const report::Provenance& p) {
  EXPECT_TRUE(deeptrace::testing::matches_report_schema(Json(p), "Provenance"));
}

TEST(ProvenanceErrors, MapToStatusesThatNeverAccuseAFileWithoutCredentials) {
  struct Case {
    const char* error;
    ProvenanceStatus status;
    const char* reason;
  } cases[] = {
      {"ManifestNotFound: no JUMBF data found", ProvenanceStatus::None, "NO_MANIFEST"},
      {"NotSupported: type is unsupported", ProvenanceStatus::None, "FORMAT_NOT_SUPPORTED"},
      {"Remote: remote manifest url: https://example.com/m.c2pa", ProvenanceStatus::Unverifiable,
       "REMOTE_MANIFEST_NOT_FETCHED"},
      {"Signature: COSE signature algorithm not supported", ProvenanceStatus::Unverifiable, "ALGORITHM_UNSUPPORTED"},
      {"Verify: could not parse JUMBF", ProvenanceStatus::Invalid, "MANIFEST_UNREADABLE"},
      {"Decoding: claim decoding error", ProvenanceStatus::Invalid, "MANIFEST_UNREADABLE"},
      {"Io: failed to fill whole buffer", ProvenanceStatus::Unverifiable, "READ_FAILED"},
      {"garbage without a type", ProvenanceStatus::Unverifiable, "READ_FAILED"},
  };
  for (const auto& c : cases) {
    report::Provenance p = from_sdk_error(c.error, std::nullopt);
    summarise(p);
    EXPECT_EQ(p.status, c.status) << c.error;
    EXPECT_EQ(p.reason, c.reason) << c.error;
    EXPECT_FALSE(p.generative_ai);
    EXPECT_FALSE(p.summary.empty());
    expect_valid(p);
  }
  report::Provenance remote = from_sdk_error("Remote: remote manifest url: https://example.com/m", std::nullopt);
  EXPECT_EQ(remote.not_fetched, std::vector<std::string>{"REMOTE_MANIFEST"});
  report::Provenance none = from_sdk_error("ManifestNotFound: no JUMBF data found", std::nullopt);
  summarise(none);
  EXPECT_NE(none.summary.find("says nothing about whether the file is authentic"), std::string::npos);
}

// A claim v2 store as current SDKs write it: claim_generator null, the tool in
// claim_generator_info, actions under c2pa.actions.v2 with an object agent.
Json claim_v2_store(const char* state, const Json& failures = Json::array()) {
  return {{"active_manifest", "urn:c2pa:1"},
          {"manifests",
           {{"urn:c2pa:1",
             {{"claim_generator", nullptr},
              {"claim_generator_info", {{{"name", "Firefly"}, {"version", "3.0"}}}},
              {"title", "cat.png"},
              {"format", "image/png"},
              {"assertions",
               {{{"label", "c2pa.actions.v2"},
                 {"data",
                  {{"actions",
                    {{{"action", "c2pa.created"},
                      {"digitalSourceType", kTrained},
                      {"softwareAgent", {{"name", "Firefly"}, {"version", "3.0"}}}}}}}}}}},
              {"ingredients", Json::array()},
              {"signature_info", {{"alg", "Es256"}, {"issuer", "Adobe Inc."}, {"common_name", "Adobe Content Credentials"}}},
              {"label", "urn:c2pa:1"}}}}},
          {"validation_state", state},
          {"validation_results",
           {{"activeManifest",
             {{"success", {{{"code", "claimSignature.validated"}}}},
              {"failure", failures},
              {"informational", Json::array()}}}}}};
}

TEST(ProvenanceManifests, AValidSignedGenerativeStatementIsReadFromAClaimV2Manifest) {
  Json untrusted = {{{"code", "signingCredential.untrusted"}, {"explanation", "signing certificate untrusted"}}};
  report::Provenance p = from_manifest_store(claim_v2_store("Valid", untrusted), std::nullopt);
  summarise(p);
  EXPECT_EQ(p.status, ProvenanceStatus::Valid);
  EXPECT_EQ(p.reason, std::nullopt);
  EXPECT_TRUE(p.generative_ai);
  ASSERT_TRUE(p.manifest.has_value());
  EXPECT_EQ(p.manifest->claim_generator, "Firefly/3.0");
  EXPECT_EQ(p.manifest->actions.at(0).software_agent, "Firefly/3.0");
  EXPECT_FALSE(p.manifest->signer.trusted);
  EXPECT_TRUE(p.failures.empty()) << "signingCredential.untrusted is what signer.trusted says";
  EXPECT_EQ(p.not_fetched, std::vector<std::string>{"OCSP"});
  EXPECT_NE(p.summary.find("not on a trusted list"), std::string::npos) << p.summary;
  EXPECT_NE(p.summary.find("generative AI"), std::string::npos) << p.summary;
  expect_valid(p);
}

TEST(ProvenanceManifests, ABrokenManifestIsInvalidAndItsStatementDoesNotCount) {
  Json mismatch = {{{"code", "assertion.dataHash.mismatch"}, {"explanation", "data hash does not match"}}};
  report::Provenance p = from_manifest_store(claim_v2_store("Invalid", mismatch), std::nullopt);
  summarise(p);
  EXPECT_EQ(p.status, ProvenanceStatus::Invalid);
  EXPECT_EQ(p.reason, "VALIDATION_FAILED");
  EXPECT_FALSE(p.generative_ai);
  ASSERT_EQ(p.failures.size(), 1u);
  EXPECT_EQ(p.failures[0].code, "assertion.dataHash.mismatch");
  EXPECT_NE(p.summary.find("present but invalid"), std::string::npos) << p.summary;
  expect_valid(p);
}

TEST(ProvenanceManifests, AnUnsupportedAlgorithmIsUnverifiableNotInvalid) {
  Json unsupported = {{{"code", "algorithm.unsupported"}, {"explanation", "unsupported"}}};
  report::Provenance p = from_manifest_store(claim_v2_store("Invalid", unsupported), std::nullopt);
  EXPECT_EQ(p.status, ProvenanceStatus::Unverifiable);
  EXPECT_EQ(p.reason, "ALGORITHM_UNSUPPORTED");
}

TEST(ProvenanceManifests, AStoreWithoutItsActiveManifestIsUnreadable) {
  Json store = claim_v2_store("Valid");
  store["active_manifest"] = "urn:c2pa:missing";
  report::Provenance p = from_manifest_store(store, std::nullopt);
  EXPECT_EQ(p.status, ProvenanceStatus::Invalid);
  EXPECT_EQ(p.reason, "MANIFEST_UNREADABLE");
  EXPECT_EQ(from_manifest_store(Json::array(), std::nullopt).status, ProvenanceStatus::Invalid);
}

TEST(ProvenanceSources, OnlyTrainedModelsCountAsGenerativeAi) {
  EXPECT_TRUE(is_generative_ai_source(kTrained));
  EXPECT_TRUE(is_generative_ai_source("http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"));
  EXPECT_TRUE(is_generative_ai_source("trainedAlgorithmicMedia"));
  EXPECT_FALSE(is_generative_ai_source("http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia"));
  EXPECT_FALSE(is_generative_ai_source("http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"));
  EXPECT_FALSE(is_generative_ai_source("http://example.com/trainedAlgorithmicMedia/x"));
}

TEST(ProvenanceXmp, FindsTheDigitalSourceTypeAsAttributeOrElement) {
  EXPECT_EQ(digital_source_type_in(R"(<rdf:Description Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"/>)"),
            kTrained);
  EXPECT_EQ(digital_source_type_in("<Iptc4xmpExt:DigitalSourceType>\n  http://cv.iptc.org/newscodes/digitalsourcetype/"
                                   "digitalCapture</Iptc4xmpExt:DigitalSourceType>"),
            "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture");
  EXPECT_EQ(digital_source_type_in("DigitalSourceType=\"x\" without a prefix"), std::nullopt);
  EXPECT_EQ(digital_source_type_in("a:DigitalSourceType=\"\""), std::nullopt);
  EXPECT_EQ(digital_source_type_in(std::string("a:DigitalSourceType=\"") + std::string(1000, 'a') + "\""), std::nullopt);
  EXPECT_EQ(digital_source_type_in(""), std::nullopt);
}

TEST(ProvenanceXmp, ReadsAFileAndReportsItUnsignedWhenThereAreNoCredentials) {
  auto file = std::filesystem::temp_directory_path() / "deeptrace-xmp-test.jpg";
  std::ofstream(file, std::ios::binary) << std::string(5000, '\xff')
                                        << R"(<x:xmpmeta><rdf:Description Iptc4xmpExt:DigitalSourceType=")" << kTrained
                                        << R"("/></x:xmpmeta>)";
  EXPECT_EQ(xmp_digital_source_type(file), kTrained);
  report::Provenance p = from_sdk_error("ManifestNotFound: no JUMBF data found", std::nullopt);
  p.xmp_digital_source_type = xmp_digital_source_type(file);
  summarise(p);
  EXPECT_FALSE(p.generative_ai) << "unsigned metadata is not a signed statement";
  EXPECT_NE(p.summary.find("anyone can write that"), std::string::npos) << p.summary;
  std::filesystem::remove(file);
  EXPECT_EQ(xmp_digital_source_type(file), std::nullopt);
}

}  // namespace
}  // namespace deeptrace::provenance
