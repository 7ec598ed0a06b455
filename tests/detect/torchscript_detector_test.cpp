// The catalogue-described TorchScript detector: the same file read through a
// generic entry must give what the dedicated MesoNet detector gives, each
// output convention must map to a fake score, and an entry whose file is
// absent must stay unavailable.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <torch/script.h>

#include "core/errors.hpp"
#include "detect/torchscript_detector.hpp"
#include "test_clips.hpp"

namespace deeptrace::detect {
namespace {

namespace fs = std::filesystem;
using testing::error_code_of;

std::vector<cv::Mat> face_crops() {
  std::vector<cv::Mat> crops;
  auto dir = fs::path(DEEPTRACE_SHARED_DIR) / "fixtures/mesonet-faces";
  for (const char* image : {"df00204.jpg", "df01254.jpg", "real00240.jpg", "real00772.jpg"}) {
    cv::Mat bgr = cv::imread((dir / image).string()), rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    crops.push_back(rgb);
  }
  return crops;
}

Json entry(const std::string& name, const std::string& output) {
  return {{"name", name}, {"family", "torchscript"}, {"version", "test.1"}, {"torchscript", "generic.pt"},
          {"input_size", {256, 256}}, {"output", output},
          {"card", {{"paper", "MesoNet (test entry)"}, {"known_limits", {"a test"}}}}};
}

// A models directory whose catalogue describes Meso4_DF's TorchScript file
// generically, read as each output convention.
class TorchScriptDetectorTest : public ::testing::Test {
 protected:
  fs::path dir = fs::temp_directory_path() / ("deeptrace-ts-" + std::to_string(::getpid()));
  DetectorContext context{dir, 2};

  void SetUp() override {
    fs::create_directories(dir);
    fs::copy_file(fs::path(DEEPTRACE_MODELS_DIR) / "Meso4_DF.pt", dir / "generic.pt", fs::copy_options::overwrite_existing);
    Json zero_std = entry("GenericZeroStd", "p_real");
    zero_std["std"] = {0.2, 0.0, 0.2};
    Json catalogue = {{"detectors", {entry("GenericPReal", "p_real"), entry("GenericPFake", "p_fake"),
                                     entry("GenericLogit", "logit_fake"), entry("GenericBadOutput", "probability"),
                                     zero_std}}};
    std::ofstream(dir / kTorchScriptCatalogue) << catalogue.dump();
    register_catalogue_detectors(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
};

TEST_F(TorchScriptDetectorTest, AGenericEntryGivesWhatTheMesoNetDetectorGives) {
  auto crops = face_crops();
  auto reference = make_detector("Meso4_DF", {DEEPTRACE_MODELS_DIR, 2})->fake_scores(crops);
  auto generic = make_detector("GenericPReal", context);
  auto scores = generic->fake_scores(crops);
  ASSERT_EQ(scores.size(), reference.size());
  for (size_t i = 0; i < crops.size(); ++i) EXPECT_NEAR(scores[i], reference[i], 1e-5) << "crop " << i;
  EXPECT_EQ(generic->info()["weights_sha256"].get<std::string>().size(), 64u);
  EXPECT_EQ(generic->info()["version"], "test.1");
}

TEST_F(TorchScriptDetectorTest, EachOutputConventionBecomesAFakeScore) {
  auto crops = face_crops();
  auto as_p_real = make_detector("GenericPReal", context)->fake_scores(crops);
  auto as_p_fake = make_detector("GenericPFake", context)->fake_scores(crops);
  auto as_logit = make_detector("GenericLogit", context)->fake_scores(crops);
  for (size_t i = 0; i < crops.size(); ++i) {
    float model_output = 1.0f - as_p_real[i];  // Meso4 outputs P(real)
    EXPECT_NEAR(as_p_fake[i], model_output, 1e-6);
    EXPECT_NEAR(as_logit[i], 1.0f / (1.0f + std::exp(-model_output)), 1e-6);
  }
}

// A model whose output is a logit, catalogued as a probability: fusing its
// values would corrupt the verdict, so the inference fails instead.
TEST_F(TorchScriptDetectorTest, AnOutputThatIsNoProbabilityFailsTheInference) {
  torch::jit::Module logit_model("LogitModel");
  logit_model.define("def forward(self, x):\n    return x.mean(dim=[1, 2, 3]) * 10.0 + 3.0\n");
  logit_model.save((dir / "logit.pt").string());
  Json wrong = entry("GenericLogitReadAsProbability", "p_fake"), right = entry("GenericLogitReadAsLogit", "logit_fake");
  wrong["torchscript"] = right["torchscript"] = "logit.pt";
  std::ofstream(dir / kTorchScriptCatalogue) << Json{{"detectors", {wrong, right}}}.dump();
  register_catalogue_detectors(dir);
  auto crops = face_crops();
  EXPECT_EQ(error_code_of([&] { make_detector("GenericLogitReadAsProbability", context)->fake_scores(crops); }),
            ErrorCode::INFERENCE_FAILED);
  for (float score : make_detector("GenericLogitReadAsLogit", context)->fake_scores(crops)) EXPECT_GT(score, 0.95f);
}

TEST_F(TorchScriptDetectorTest, AnUnreadableEntryIsUnavailable) {
  for (const char* name : {"GenericBadOutput", "GenericZeroStd"}) {
    try {
      make_detector(name, context);
      ADD_FAILURE() << "loaded " << name;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::MODEL_UNAVAILABLE) << name;
    }
  }
}

// The shipped catalogue names EfficientNetAutoAttB4 (DFDC) by its upstream
// URL and sha256; the mirror has no TorchScript export of it.
TEST(TorchScriptCatalogue, AnAbsentFileIsListedUnavailableNeverFaked) {
  DetectorContext shipped{DEEPTRACE_MODELS_DIR, 2};
  auto names = register_catalogue_detectors(shipped.models_dir);
  ASSERT_NE(std::find(names.begin(), names.end(), "EfficientNetAutoAttB4_DFDC"), names.end());
  EXPECT_FALSE(detector_available("EfficientNetAutoAttB4_DFDC", shipped));
  Json card = detector_card("EfficientNetAutoAttB4_DFDC", shipped);
  EXPECT_EQ(card["upstream"]["sha256"], "72ed969b2a395fffe11a0d5bf0a635e7260ba2588c28683630d97ff7153389fc");
  try {
    make_detector("EfficientNetAutoAttB4_DFDC", shipped);
    FAIL() << "made a detector without its weights";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::MODEL_UNAVAILABLE);
  }
}

}  // namespace
}  // namespace deeptrace::detect
