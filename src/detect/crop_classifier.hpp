#pragma once
// Internal: runs every requested detector over face crops as they are cut,
// so that classification overlaps decoding instead of waiting for the last
// frame.
#include <vector>

#include <opencv2/core.hpp>

#include "detect/detector.hpp"
#include "detect/scoring.hpp"

namespace deeptrace::detect {

class CropClassifier {
 public:
  explicit CropClassifier(const std::vector<Detector*>& detectors);

  // Scores crops[classified()..end) with each detector, in that order.
  void classify_new(const std::vector<cv::Mat>& crops);
  int classified() const { return classified_; }
  double busy_ms() const { return busy_ms_; }
  // One run per detector, scores in crop order, ms = time in that detector.
  std::vector<DetectorRun> finish() { return std::move(runs_); }

 private:
  std::vector<Detector*> detectors_;
  std::vector<DetectorRun> runs_;
  int classified_ = 0;
  double busy_ms_ = 0;
};

}  // namespace deeptrace::detect
