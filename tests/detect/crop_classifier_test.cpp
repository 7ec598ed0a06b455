// Classifying crops as they are cut must score each crop exactly once, keep
// crop order, and give what one pass over all crops gives.
#include <gtest/gtest.h>

#include "detect/crop_classifier.hpp"

namespace deeptrace::detect {
namespace {

// Scores a crop by its first pixel and remembers every crop it saw: a
// stand-in for a model, to check the bookkeeping around it.
class FirstPixelDetector : public Detector {
 public:
  std::string name() const override { return "first_pixel"; }
  cv::Size input_size() const override { return {2, 2}; }
  Json info() const override { return {{"name", name()}}; }
  std::vector<float> fake_scores(const std::vector<cv::Mat>& crops) override {
    std::vector<float> scores;
    for (const auto& crop : crops) {
      scores.push_back(crop.at<cv::Vec3f>(0, 0)[0]);
      seen.push_back(scores.back());
    }
    return scores;
  }
  std::vector<float> seen;
};

cv::Mat crop_of(float value) { return cv::Mat(2, 2, CV_32FC3, cv::Scalar::all(value)); }

TEST(CropClassifier, ScoresEachCropOnceInCropOrder) {
  FirstPixelDetector a, b;
  CropClassifier classifier({&a, &b});
  std::vector<cv::Mat> crops;
  for (int batch : {3, 0, 2, 4}) {
    for (int i = 0; i < batch; ++i) crops.push_back(crop_of(static_cast<float>(crops.size()) / 10));
    classifier.classify_new(crops);
    EXPECT_EQ(classifier.classified(), static_cast<int>(crops.size()));
  }
  std::vector<float> expected;
  for (size_t i = 0; i < crops.size(); ++i) expected.push_back(static_cast<float>(i) / 10);
  EXPECT_EQ(a.seen, expected);
  EXPECT_EQ(b.seen, expected);
  auto runs = classifier.finish();
  ASSERT_EQ(runs.size(), 2u);
  for (const auto& run : runs) {
    EXPECT_EQ(run.scores, expected);
    EXPECT_EQ(run.card["name"], "first_pixel");
    EXPECT_GE(run.ms, 0);
  }
}

TEST(CropClassifier, NoCropsMeansEmptyRuns) {
  FirstPixelDetector a;
  CropClassifier classifier({&a});
  classifier.classify_new({});
  auto runs = classifier.finish();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_TRUE(runs[0].scores.empty());
  EXPECT_TRUE(a.seen.empty());
}

}  // namespace
}  // namespace deeptrace::detect
