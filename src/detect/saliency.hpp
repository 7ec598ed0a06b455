#pragma once
// Internal: per-face saliency maps (issue 18), OpenCV only. A detector's
// map (Detector::saliency) says where its fake score was most sensitive on
// one crop; the analyzer averages the maps of the detectors that give one
// for each face track's most suspicious crop and stores it as a heatmap.
// A map is not proof of editing: it shows which pixels moved a score, not
// what (if anything) was changed, and it is relative within one crop.
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "detect/detector.hpp"

namespace deeptrace::detect {

// The map of an input gradient (H x W, 3 channels, CV_32F, any sign): the
// largest |gradient| over the channels, smoothed with a Gaussian of sigma
// width/64 (at least 1 pixel), then normalised. None when the gradient is
// zero everywhere or not finite (the score does not respond to the pixels).
std::optional<cv::Mat> saliency_from_gradient(const cv::Mat& gradient);

// A non-negative CV_32F map divided by its 99th percentile (its maximum
// when that is 0) and clipped to [0,1], so one extreme pixel does not wash
// out the rest. None when it is all zero or has a value that is not finite.
std::optional<cv::Mat> normalise_saliency(const cv::Mat& map);

struct CropSaliency {
  cv::Mat map;                         // CV_32F in [0,1], the crop's size
  std::string method;                  // e.g. "input_gradient"
  std::vector<std::string> detectors;  // the detectors whose maps it averages
};

// The mean of the maps of `detectors` that give one for `rgb_crop` (each
// resized to the crop's size), normalised again; none when no detector
// gives one. Detectors of different methods are not mixed: the first
// method given wins.
std::optional<CropSaliency> crop_saliency(const std::vector<Detector*>& detectors, const cv::Mat& rgb_crop);

}  // namespace deeptrace::detect
