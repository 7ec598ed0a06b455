// Every registered detector, present or future, must honour the same
// contract; the suite enumerates the registry so none is forgotten.
#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "core/errors.hpp"
#include "detect/detector.hpp"
#include "detect/torchscript_detector.hpp"

namespace deeptrace::detect {
namespace {

const DetectorContext kContext{DEEPTRACE_MODELS_DIR, 2};

// Varied inputs: real face crops, noise, flat colour, 8-bit and odd sizes.
std::vector<cv::Mat> sample_crops(cv::Size size) {
  std::vector<cv::Mat> crops;
  auto dir = std::filesystem::path(DEEPTRACE_SHARED_DIR) / "fixtures/mesonet-faces";
  for (const char* image : {"df00204.jpg", "real00240.jpg"}) {
    cv::Mat bgr = cv::imread((dir / image).string()), rgb, as_float;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    cv::resize(rgb, rgb, size);
    rgb.convertTo(as_float, CV_32F, 1.0 / 255.0);
    crops.push_back(as_float);
  }
  cv::Mat noise(size, CV_32FC3);
  cv::randu(noise, 0.0, 1.0);
  crops.push_back(noise);
  crops.push_back(cv::Mat(size, CV_32FC3, cv::Scalar(0.5, 0.5, 0.5)));
  cv::Mat bytes(size.height / 2 + 7, size.width / 2 + 3, CV_8UC3);
  cv::randu(bytes, 0, 255);
  crops.push_back(bytes);
  return crops;
}

class DetectorContract : public ::testing::TestWithParam<std::string> {
 protected:
  std::unique_ptr<Detector> detector;
  void SetUp() override {
    if (!detector_available(GetParam(), kContext)) GTEST_SKIP() << GetParam() << ": weights absent";
    detector = make_detector(GetParam(), kContext);
  }
};

TEST_P(DetectorContract, OneScoreInRangePerCrop) {
  auto crops = sample_crops(detector->input_size());
  auto scores = detector->fake_scores(crops);
  ASSERT_EQ(scores.size(), crops.size());
  for (float s : scores) {
    EXPECT_GE(s, 0.0f);
    EXPECT_LE(s, 1.0f);
  }
}

TEST_P(DetectorContract, BatchEqualsOneByOne) {
  auto crops = sample_crops(detector->input_size());
  auto batch = detector->fake_scores(crops);
  ASSERT_EQ(batch.size(), crops.size());
  for (size_t i = 0; i < crops.size(); ++i) {
    auto single = detector->fake_scores({crops[i]});
    ASSERT_EQ(single.size(), 1u);
    EXPECT_NEAR(batch[i], single[0], 1e-4) << "crop " << i;
  }
}

TEST_P(DetectorContract, BatchesLargerThanOneChunkKeepOrder) {
  auto crops = sample_crops(detector->input_size());
  std::vector<cv::Mat> many;
  for (int i = 0; i < 40; ++i) many.push_back(crops[i % crops.size()]);
  auto scores = detector->fake_scores(many);
  ASSERT_EQ(scores.size(), many.size());
  auto reference = detector->fake_scores(crops);
  for (size_t i = 0; i < many.size(); ++i) EXPECT_NEAR(scores[i], reference[i % crops.size()], 1e-4);
}

TEST_P(DetectorContract, EmptyBatchGivesEmptyResult) {
  EXPECT_TRUE(detector->fake_scores({}).empty());
}

TEST_P(DetectorContract, HasAModelCard) {
  Json card = detector->info();
  EXPECT_EQ(card.value("name", ""), GetParam());
  EXPECT_FALSE(card.value("version", "").empty());
  EXPECT_EQ(card.value("weights_sha256", "").size(), 64u);
  EXPECT_TRUE(card.contains("paper"));
  EXPECT_TRUE(card.contains("known_limits"));
}

// The built-ins and every detector the shipped catalogue names.
INSTANTIATE_TEST_SUITE_P(Registry, DetectorContract,
                         ::testing::ValuesIn(register_catalogue_detectors(DEEPTRACE_MODELS_DIR)),
                         [](const auto& info) { return info.param; });

// The default set (the ensemble's weights) is registered and installed, so
// the contract above ran on every detector a job runs by default.
TEST(DetectorRegistry, RegistersEveryDetectorOfTheDefaultSet) {
  auto catalogue = catalog::ModelCatalog::load(DEEPTRACE_MODELS_DIR);
  auto names = detector_names();
  ASSERT_FALSE(catalogue.default_detectors().empty());
  for (const auto& name : catalogue.default_detectors()) {
    EXPECT_NE(std::find(names.begin(), names.end(), name), names.end()) << name;
    EXPECT_TRUE(detector_available(name, kContext)) << name;
  }
}

TEST(DetectorRegistry, UnknownNameIsAnInvalidRequest) {
  try {
    make_detector("NoSuchNet", kContext);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::INVALID_REQUEST);
  }
}

TEST(DetectorRegistry, MissingWeightsAreUnavailableNeverFaked) {
  DetectorContext empty{"/nonexistent/models", 1};
  EXPECT_FALSE(detector_available("Meso4_DF", empty));
  try {
    make_detector("Meso4_DF", empty);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::MODEL_UNAVAILABLE);
  }
}

}  // namespace
}  // namespace deeptrace::detect
