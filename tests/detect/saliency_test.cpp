// Per-face saliency maps (issue 18): input gradients through the real
// converted MesoNet models, their normalisation, the mean over detectors and
// the heatmap JPEG. The model tests skip when the weights are absent.
#include <gtest/gtest.h>

#include <cmath>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "detect/detector.hpp"
#include "detect/evidence.hpp"
#include "detect/saliency.hpp"
#include "detect/torchscript_detector.hpp"

namespace deeptrace::detect {
namespace {

const DetectorContext kContext{DEEPTRACE_MODELS_DIR, 2};

cv::Mat fixture_crop(const char* image, cv::Size size) {
  auto path = std::filesystem::path(DEEPTRACE_SHARED_DIR) / "fixtures/mesonet-faces" / image;
  cv::Mat bgr = cv::imread(path.string()), rgb, as_float;
  if (bgr.empty()) throw std::runtime_error("missing fixture " + path.string());
  cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
  cv::resize(rgb, rgb, size);
  rgb.convertTo(as_float, CV_32F, 1.0 / 255.0);
  return as_float;
}

double mean_abs_difference(const cv::Mat& a, const cv::Mat& b) { return cv::mean(cv::abs(a - b))[0]; }

std::unique_ptr<Detector> detector_or_skip(const std::string& name) {
  register_catalogue_detectors(kContext.models_dir);
  if (!detector_available(name, kContext)) return nullptr;
  return make_detector(name, kContext);
}

class MesoNetSaliency : public ::testing::Test {
 protected:
  std::unique_ptr<Detector> meso4, inception;
  void SetUp() override {
    meso4 = detector_or_skip("Meso4_DF");
    inception = detector_or_skip("MesoInception_DF");
    if (!meso4 || !inception) GTEST_SKIP() << "MesoNet weights absent (build the 'models' target)";
  }
};

TEST_F(MesoNetSaliency, IsAMapAtTheInputSizeInZeroToOneAndNotFlat) {
  for (const char* image : {"df00204.jpg", "real00240.jpg"}) {
    cv::Mat crop = fixture_crop(image, meso4->input_size());
    std::optional<cv::Mat> map = meso4->saliency(crop);
    ASSERT_TRUE(map.has_value()) << image;
    EXPECT_EQ(map->size(), meso4->input_size());
    EXPECT_EQ(map->type(), CV_32FC1);
    double low = 0, high = 0;
    cv::minMaxLoc(*map, &low, &high);
    EXPECT_GE(low, 0.0) << image;
    EXPECT_LE(high, 1.0) << image;
    EXPECT_DOUBLE_EQ(high, 1.0) << image;  // normalised at its 99th percentile, clipped
    cv::Scalar mean, stddev;
    cv::meanStdDev(*map, mean, stddev);
    EXPECT_GT(stddev[0], 0.05) << image;
    EXPECT_EQ(meso4->saliency_method(), "input_gradient");
  }
}

// An 8-bit crop of another size is read like fake_scores reads it.
TEST_F(MesoNetSaliency, AnyCropSizeGivesAMapAtTheInputSize) {
  cv::Mat crop = fixture_crop("df01254.jpg", {100, 120}), bytes;
  crop.convertTo(bytes, CV_8U, 255.0);
  std::optional<cv::Mat> map = meso4->saliency(bytes);
  ASSERT_TRUE(map.has_value());
  EXPECT_EQ(map->size(), meso4->input_size());
}

// The map is the model's, not the picture's: two models see the same crop
// differently, and the same model gives the same map twice.
TEST_F(MesoNetSaliency, TheGradientGoesThroughTheModel) {
  cv::Mat crop = fixture_crop("df00204.jpg", meso4->input_size());
  cv::Mat a = *meso4->saliency(crop), again = *meso4->saliency(crop), b = *inception->saliency(crop);
  EXPECT_LT(mean_abs_difference(a, again), 1e-6);
  EXPECT_GT(mean_abs_difference(a, b), 0.05);
}

// Occluding a region of the face changes the map.
TEST_F(MesoNetSaliency, OccludingARegionChangesTheMap) {
  cv::Mat crop = fixture_crop("df00204.jpg", meso4->input_size());
  cv::Mat occluded = crop.clone();
  occluded(cv::Rect(0, 0, crop.cols / 2, crop.rows / 2)).setTo(cv::Scalar::all(0.5));
  cv::Mat before = *meso4->saliency(crop), after = *meso4->saliency(occluded);
  EXPECT_GT(mean_abs_difference(before, after), 0.02);
}

// Where the map is hot, a small change of the pixels moves the score more
// than the same change where it is cold: what "sensitive" means.
TEST_F(MesoNetSaliency, HotPixelsMoveTheScoreMoreThanColdOnes) {
  for (const char* image : {"df00204.jpg", "real00240.jpg"}) {
    cv::Mat crop = fixture_crop(image, meso4->input_size());
    cv::Mat map = *meso4->saliency(crop);
    cv::Mat hot = map >= 0.6, cold = map <= 0.1;
    ASSERT_GT(cv::countNonZero(hot), 100) << image;
    ASSERT_GT(cv::countNonZero(cold), 100) << image;
    // The same number of pixels from each: the first n of the larger set.
    int n = std::min(cv::countNonZero(hot), cv::countNonZero(cold));
    auto first_n = [n](const cv::Mat& mask) {
      cv::Mat out = cv::Mat::zeros(mask.size(), CV_8U);
      int left = n;
      for (int y = 0; y < mask.rows && left > 0; ++y)
        for (int x = 0; x < mask.cols && left > 0; ++x)
          if (mask.at<uchar>(y, x)) out.at<uchar>(y, x) = 255, --left;
      return out;
    };
    // Pixel noise of a fixed seed, the same on both sets.
    cv::Mat noise(crop.size(), CV_32FC3);
    cv::RNG rng(18);
    rng.fill(noise, cv::RNG::UNIFORM, -0.08, 0.08);
    auto moved = [&](const cv::Mat& mask) {
      cv::Mat changed = crop.clone(), delta = cv::Mat::zeros(crop.size(), CV_32FC3);
      noise.copyTo(delta, mask);
      changed += delta;
      cv::min(cv::max(changed, 0.0), 1.0, changed);
      return std::abs(meso4->fake_scores({changed})[0] - meso4->fake_scores({crop})[0]);
    };
    EXPECT_GT(moved(first_n(hot)), moved(first_n(cold))) << image;
  }
}

TEST(SaliencyMaps, ARobustNormalisationIgnoresOneExtremePixel) {
  cv::Mat map(64, 64, CV_32F);
  for (int y = 0; y < map.rows; ++y)
    for (int x = 0; x < map.cols; ++x) map.at<float>(y, x) = static_cast<float>(x) / 63.0f * 0.01f;
  map.at<float>(5, 5) = 1000.0f;
  cv::Mat out = *normalise_saliency(map);
  EXPECT_FLOAT_EQ(out.at<float>(5, 5), 1.0f);
  EXPECT_GT(out.at<float>(10, 60), 0.9f);  // not washed out by the outlier
  EXPECT_NEAR(out.at<float>(10, 0), 0.0f, 1e-6);
  EXPECT_FALSE(normalise_saliency(cv::Mat::zeros(8, 8, CV_32F)).has_value());
  cv::Mat not_finite = cv::Mat::ones(8, 8, CV_32F);
  not_finite.at<float>(1, 1) = std::nanf("");
  EXPECT_FALSE(normalise_saliency(not_finite).has_value());
}

TEST(SaliencyMaps, AZeroGradientHasNoMapAndAPointIsSmoothed) {
  EXPECT_FALSE(saliency_from_gradient(cv::Mat::zeros(32, 32, CV_32FC3)).has_value());
  cv::Mat point = cv::Mat::zeros(128, 128, CV_32FC3);
  point.at<cv::Vec3f>(64, 64) = {0.0f, -3.0f, 1.0f};  // the sign does not matter
  cv::Mat map = *saliency_from_gradient(point);
  EXPECT_EQ(map.size(), cv::Size(128, 128));
  EXPECT_FLOAT_EQ(map.at<float>(64, 64), 1.0f);
  EXPECT_GT(map.at<float>(64, 66), 0.0f);  // spread by the Gaussian
  EXPECT_FLOAT_EQ(map.at<float>(0, 0), 0.0f);
}

// Detectors that cannot give a map are left out of the mean; none at all
// gives none.
class FixedMapDetector : public Detector {
 public:
  FixedMapDetector(std::string name, std::optional<cv::Mat> map) : name_(std::move(name)), map_(std::move(map)) {}
  std::string name() const override { return name_; }
  cv::Size input_size() const override { return {16, 16}; }
  Json info() const override { return {{"name", name_}}; }
  std::vector<float> fake_scores(const std::vector<cv::Mat>& crops) override { return std::vector<float>(crops.size(), 0.5f); }
  std::optional<cv::Mat> saliency(const cv::Mat&) override { return map_; }
  std::string saliency_method() const override { return map_ ? "input_gradient" : ""; }

 private:
  std::string name_;
  std::optional<cv::Mat> map_;
};

TEST(SaliencyMaps, TheMeanCoversTheDetectorsThatGiveAMap) {
  cv::Mat left = cv::Mat::zeros(16, 16, CV_32F), right = cv::Mat::zeros(16, 16, CV_32F);
  left.colRange(0, 8).setTo(1.0);
  right.colRange(8, 16).setTo(1.0);
  right.at<float>(0, 15) = 0.0f;  // not symmetric, to see the mean
  FixedMapDetector a("A", left), b("B", right), none("C", std::nullopt);
  cv::Mat crop(32, 32, CV_32FC3, cv::Scalar::all(0.5));
  std::optional<CropSaliency> both = crop_saliency({&a, &none, &b}, crop);
  ASSERT_TRUE(both.has_value());
  EXPECT_EQ(both->detectors, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(both->method, "input_gradient");
  EXPECT_EQ(both->map.size(), crop.size());  // resized to the crop
  EXPECT_FLOAT_EQ(both->map.at<float>(16, 4), 1.0f);
  EXPECT_FLOAT_EQ(both->map.at<float>(16, 28), 1.0f);
  EXPECT_FALSE(crop_saliency({&none}, crop).has_value());
  EXPECT_FALSE(crop_saliency({}, crop).has_value());
}

TEST(SaliencyMaps, TheHeatmapIsAJpegOfTheCropsSizeRedWhereHot) {
  cv::Mat crop(64, 48, CV_32FC3, cv::Scalar::all(0.5));
  cv::Mat map = cv::Mat::zeros(16, 16, CV_32F);
  map.rowRange(0, 8).setTo(1.0);
  std::string jpeg = saliency_jpeg(crop, map);
  ASSERT_EQ(jpeg.substr(0, 3), "\xFF\xD8\xFF");
  cv::Mat bgr = cv::imdecode(std::vector<uchar>(jpeg.begin(), jpeg.end()), cv::IMREAD_COLOR);
  ASSERT_EQ(bgr.size(), crop.size());
  cv::Vec3b top = bgr.at<cv::Vec3b>(4, 24), bottom = bgr.at<cv::Vec3b>(60, 24);
  EXPECT_GT(top[2], top[0]);        // hot: more red than blue
  EXPECT_GT(bottom[0], bottom[2]);  // cold: more blue than red
}

}  // namespace
}  // namespace deeptrace::detect
