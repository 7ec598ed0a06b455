// The converted models must reproduce the reference Keras outputs listed in
// the model mirror's README, on the crops that ship with MesoNet.
#include <cstdio>
#include <map>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "detect/detector.hpp"

namespace deeptrace::detect {
namespace {

const std::filesystem::path kFixtures = std::filesystem::path(DEEPTRACE_SHARED_DIR) / "fixtures/mesonet-faces";
const std::vector<std::string> kImages = {"df00204.jpg", "df01254.jpg", "real00240.jpg", "real00772.jpg"};
// P(real) per image, from ../shared/models/README.md.
const std::map<std::string, std::vector<double>> kGolden = {
    {"Meso4_DF", {0.0482, 0.0253, 0.9897, 0.9966}},
    {"Meso4_F2F", {0.8277, 0.6877, 0.8810, 0.9432}},
    {"MesoInception_DF", {0.0189, 0.0008, 1.0000, 1.0000}},
    {"MesoInception_F2F", {0.9992, 1.0000, 1.0000, 0.9991}},
};

cv::Mat load_crop(const std::string& image) {
  cv::Mat bgr = cv::imread((kFixtures / image).string(), cv::IMREAD_COLOR), rgb, resized, as_float;
  EXPECT_FALSE(bgr.empty()) << image;
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  cv::resize(rgb, resized, cv::Size(256, 256), 0, 0, cv::INTER_LINEAR);
  resized.convertTo(as_float, CV_32F, 1.0 / 255.0);
  return as_float;
}

class GoldenValues : public ::testing::TestWithParam<std::string> {};

TEST_P(GoldenValues, ReproducesTheKerasReference) {
  const std::string& name = GetParam();
  DetectorContext context{DEEPTRACE_MODELS_DIR, 2};
  ASSERT_TRUE(detector_available(name, context)) << "build the 'models' target";
  auto detector = make_detector(name, context);
  std::vector<cv::Mat> crops;
  for (const auto& image : kImages) crops.push_back(load_crop(image));
  std::vector<float> fake = detector->fake_scores(crops);
  ASSERT_EQ(fake.size(), kImages.size());
  for (size_t i = 0; i < kImages.size(); ++i) {
    double p_real = 1.0 - fake[i];
    std::printf("golden %-18s %-14s p_real=%.4f expected=%.4f\n", name.c_str(), kImages[i].c_str(), p_real,
                kGolden.at(name)[i]);
    EXPECT_NEAR(p_real, kGolden.at(name)[i], 0.01) << name << " on " << kImages[i];
  }
}

INSTANTIATE_TEST_SUITE_P(MesoNet, GoldenValues,
                         ::testing::Values("Meso4_DF", "Meso4_F2F", "MesoInception_DF", "MesoInception_F2F"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace deeptrace::detect
