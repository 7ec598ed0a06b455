#pragma once
// How far a decoded picture is from the one expected, for the media tests.
#include <opencv2/core.hpp>

namespace deeptrace::testing {

// Mean absolute difference per channel value, 0..255.
inline double mean_difference(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  cv::Scalar mean = cv::mean(diff);
  return (mean[0] + mean[1] + mean[2]) / 3;
}

}  // namespace deeptrace::testing
