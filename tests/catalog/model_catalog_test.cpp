// The model catalogue on hand-made models directories: the one availability
// rule (missing file, wrong sha256, present), the default set from the
// ensemble file, and malformed catalogue files that must list nothing and
// say why instead of crashing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "catalog/model_catalog.hpp"
#include "core/errors.hpp"
#include "core/sha256.hpp"
#include "error_code_of.hpp"

namespace deeptrace::catalog {
namespace {

namespace fs = std::filesystem;
using testing::error_code_of;

class ModelCatalogTest : public ::testing::Test {
 protected:
  fs::path dir = fs::temp_directory_path() /
                 ("deeptrace-catalog-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());

  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }

  void write(const std::string& file, const std::string& text) { std::ofstream(dir / file) << text; }

  // A "model" file whose bytes we know, and so its sha256.
  std::string install(const std::string& file) {
    write(file, "weights of " + file);
    return sha256_hex("weights of " + file);
  }

  static Json entry(const std::string& name, const std::string& file, const std::string& sha256 = "") {
    Json e = {{"name", name}, {"version", "t.1"}, {"torchscript", file},
              {"card", {{"license", "Apache-2.0"}, {"training_data", "test faces"}}}};
    if (!sha256.empty()) e["torchscript_sha256"] = sha256;
    return e;
  }
};

TEST_F(ModelCatalogTest, AFilePresentWithItsRecordedSha256IsAvailable) {
  std::string digest = install("a.pt");
  write(kConvertedDetectorsFile, Json{{"detectors", {entry("A", "a.pt", digest)}}}.dump());
  auto catalog = ModelCatalog::load(dir);
  ASSERT_NE(catalog.find_detector("A"), nullptr);
  EXPECT_TRUE(catalog.find_detector("A")->available());
  EXPECT_EQ(catalog.find_detector("A")->availability.file_sha256, digest);
  EXPECT_TRUE(catalog.problems().empty());
}

TEST_F(ModelCatalogTest, AFileWithoutARecordedSha256NeedsOnlyToBePresent) {
  install("a.pt");
  write(kTorchScriptDetectorsFile, Json{{"detectors", {entry("A", "a.pt")}}}.dump());
  EXPECT_TRUE(ModelCatalog::load(dir).find_detector("A")->available());
}

TEST_F(ModelCatalogTest, AMissingFileIsUnavailableWithAReason) {
  write(kConvertedDetectorsFile, Json{{"detectors", {entry("A", "absent.pt")}}}.dump());
  auto catalog = ModelCatalog::load(dir);
  const ModelEntry* a = catalog.find_detector("A");
  ASSERT_NE(a, nullptr);
  EXPECT_FALSE(a->available());
  EXPECT_NE(a->availability.reason.find("not installed"), std::string::npos) << a->availability.reason;
}

TEST_F(ModelCatalogTest, AFileWithTheWrongSha256IsUnavailable) {
  install("a.pt");
  write(kConvertedDetectorsFile, Json{{"detectors", {entry("A", "a.pt", std::string(64, '0'))}}}.dump());
  auto catalog = ModelCatalog::load(dir);
  const ModelEntry* a = catalog.find_detector("A");
  EXPECT_FALSE(a->available());
  EXPECT_NE(a->availability.reason.find("sha256"), std::string::npos) << a->availability.reason;
  EXPECT_EQ(error_code_of([&] { require_model_file(dir, a->entry); }), ErrorCode::MODEL_UNAVAILABLE);
}

TEST_F(ModelCatalogTest, AnEntryNamingNoFileIsUnavailable) {
  write(kConvertedDetectorsFile, Json{{"detectors", {{{"name", "A"}}}}}.dump());
  EXPECT_FALSE(ModelCatalog::load(dir).find_detector("A")->available());
}

TEST_F(ModelCatalogTest, FaceDetectorModelsFollowTheSameRule) {
  std::string digest = install("front.pt");
  install("back.pt");
  write(kFaceDetectorsFile, Json{{"face_detectors", {entry("front", "front.pt", digest),
                                                     entry("back", "back.pt", std::string(64, 'f'))}}}.dump());
  auto catalog = ModelCatalog::load(dir);
  EXPECT_TRUE(catalog.find_face_detector("front")->available());
  EXPECT_FALSE(catalog.find_face_detector("back")->available());
  EXPECT_EQ(catalog.find_detector("front"), nullptr);
}

TEST_F(ModelCatalogTest, ListsConvertedDetectorsThenTheOthersAndTheFirstOfADuplicateWins) {
  install("a.pt");
  write(kConvertedDetectorsFile, Json{{"detectors", {entry("A", "a.pt"), entry("B", "b.pt")}}}.dump());
  Json other_a = entry("A", "other.pt");
  write(kTorchScriptDetectorsFile, Json{{"detectors", {entry("C", "c.pt"), other_a}}}.dump());
  auto catalog = ModelCatalog::load(dir);
  std::vector<std::string> names;
  for (const auto& d : catalog.detectors()) names.push_back(d.name);
  EXPECT_EQ(names, (std::vector<std::string>{"A", "B", "C"}));
  EXPECT_EQ(catalog.find_detector("A")->source, kConvertedDetectorsFile);
  EXPECT_TRUE(catalog.find_detector("A")->available());
}

TEST_F(ModelCatalogTest, TheCardCarriesTheEntrysFactsAndADigest) {
  std::string digest = install("a.pt");
  Json a = entry("A", "a.pt", digest);
  a["architecture"] = "Net";
  write(kConvertedDetectorsFile, Json{{"detectors", {a}}}.dump());
  Json card = ModelCatalog::load(dir).find_detector("A")->card();
  EXPECT_EQ(card["name"], "A");
  EXPECT_EQ(card["version"], "t.1");
  EXPECT_EQ(card["architecture"], "Net");
  EXPECT_EQ(card["license"], "Apache-2.0");
  EXPECT_EQ(card["training_data"], "test faces");
  EXPECT_EQ(card["weights_sha256"], digest);  // no upstream digest recorded: the file's own
  a["weights_sha256"] = "upstream";
  EXPECT_EQ(model_card(a, digest)["weights_sha256"], "upstream");
}

TEST_F(ModelCatalogTest, TheDefaultSetIsTheEnsemblesWeightsSortedByName) {
  write(kEnsembleFile, R"({"version": "1", "weights": {"Zeta": 1.0, "Alpha": 0.5, "Mid": 2}})");
  EXPECT_EQ(ModelCatalog::load(dir).default_detectors(), (std::vector<std::string>{"Alpha", "Mid", "Zeta"}));
}

TEST_F(ModelCatalogTest, AnEnsembleWithoutWeightsOrNoEnsembleGivesNoDefaultSet) {
  EXPECT_TRUE(ModelCatalog::load(dir).default_detectors().empty());
  EXPECT_TRUE(ModelCatalog::load(dir).ensemble().is_null());
  write(kEnsembleFile, R"({"version": "1", "weights": [1, 2]})");
  EXPECT_TRUE(ModelCatalog::load(dir).default_detectors().empty());
}

TEST_F(ModelCatalogTest, TheShippedEnsembleNamesTheFourMesoNets) {
  std::ifstream in(fs::path(DEEPTRACE_SOURCE_DIR) / "models" / kEnsembleFile);
  EXPECT_EQ(default_detectors_of(Json::parse(in)),
            (std::vector<std::string>{"Meso4_DF", "Meso4_F2F", "MesoInception_DF", "MesoInception_F2F"}));
}

TEST_F(ModelCatalogTest, MalformedFilesListNothingAndSayWhich) {
  write(kConvertedDetectorsFile, "{not json");
  write(kTorchScriptDetectorsFile, R"({"detectors": {"A": 1}})");
  write(kFaceDetectorsFile, R"([1, 2, 3])");
  write(kEnsembleFile, R"("just a string")");
  auto catalog = ModelCatalog::load(dir);
  EXPECT_TRUE(catalog.detectors().empty());
  EXPECT_TRUE(catalog.face_detectors().empty());
  EXPECT_TRUE(catalog.default_detectors().empty());
  ASSERT_EQ(catalog.problems().size(), 4u);
  EXPECT_NE(catalog.problems()[0].find(kConvertedDetectorsFile), std::string::npos);
  EXPECT_NE(catalog.problems()[0].find("not valid JSON"), std::string::npos);
}

TEST_F(ModelCatalogTest, MalformedEntriesAreSkippedAndTheRestListed) {
  install("a.pt");
  write(kConvertedDetectorsFile, R"({"detectors": [42, {"version": "x"}, {"name": "A", "torchscript": "a.pt"},
                                                  {"name": "B", "torchscript": 7, "card": "text"}]})");
  auto catalog = ModelCatalog::load(dir);
  ASSERT_EQ(catalog.detectors().size(), 2u);
  EXPECT_TRUE(catalog.find_detector("A")->available());
  EXPECT_FALSE(catalog.find_detector("B")->available());
  EXPECT_EQ(catalog.find_detector("B")->card()["name"], "B");
  EXPECT_EQ(catalog.problems().size(), 2u);
}

TEST_F(ModelCatalogTest, AMissingDirectoryListsNothingWithoutProblems) {
  auto catalog = ModelCatalog::load(dir / "nonexistent");
  EXPECT_TRUE(catalog.detectors().empty());
  EXPECT_TRUE(catalog.problems().empty());
}

TEST_F(ModelCatalogTest, RequestedDetectorsMustBeCataloguedAndAvailable) {
  install("a.pt");
  write(kConvertedDetectorsFile, Json{{"detectors", {entry("A", "a.pt"), entry("B", "b.pt")}}}.dump());
  auto catalog = ModelCatalog::load(dir);
  EXPECT_NO_THROW(require_available_detectors(catalog, {"A"}));
  EXPECT_EQ(error_code_of([&] { require_available_detectors(catalog, {"A", "B"}); }), ErrorCode::INVALID_REQUEST);
  EXPECT_EQ(error_code_of([&] { require_available_detectors(catalog, {"Nope"}); }), ErrorCode::INVALID_REQUEST);
  // No catalogue at all: nothing to check against, so nothing is refused.
  EXPECT_NO_THROW(require_available_detectors(ModelCatalog::load(dir / "nonexistent"), {"Nope"}));
}

}  // namespace
}  // namespace deeptrace::catalog
