#include "detect/crop_classifier.hpp"

#include <chrono>

namespace deeptrace::detect {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

}  // namespace

CropClassifier::CropClassifier(const std::vector<Detector*>& detectors) : detectors_(detectors) {
  for (Detector* detector : detectors_) runs_.push_back(DetectorRun{detector->info(), {}, 0});
}

void CropClassifier::classify_new(const std::vector<cv::Mat>& crops) {
  if (static_cast<int>(crops.size()) <= classified_) return;
  std::vector<cv::Mat> fresh(crops.begin() + classified_, crops.end());  // shallow: cv::Mat shares pixels
  for (size_t d = 0; d < detectors_.size(); ++d) {
    auto start = Clock::now();
    std::vector<float> scores = detectors_[d]->fake_scores(fresh);
    runs_[d].scores.insert(runs_[d].scores.end(), scores.begin(), scores.end());
    double ms = ms_since(start);
    runs_[d].ms += ms;
    busy_ms_ += ms;
  }
  classified_ = static_cast<int>(crops.size());
}

}  // namespace deeptrace::detect
