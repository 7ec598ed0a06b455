#include "detect/saliency.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace deeptrace::detect {

std::optional<cv::Mat> normalise_saliency(const cv::Mat& map) {
  CV_Assert(map.type() == CV_32FC1);
  if (map.empty() || !cv::checkRange(map)) return std::nullopt;
  cv::Mat values = map.isContinuous() ? map.reshape(1, 1).clone() : map.clone().reshape(1, 1);
  std::vector<float> v(values.begin<float>(), values.end<float>());
  auto p99 = v.begin() + static_cast<std::ptrdiff_t>(std::floor(0.99 * static_cast<double>(v.size() - 1)));
  std::nth_element(v.begin(), p99, v.end());
  double scale = *p99;
  if (!(scale > 0)) scale = *std::max_element(v.begin(), v.end());
  if (!(scale > 0)) return std::nullopt;
  cv::Mat out;
  map.convertTo(out, CV_32F, 1.0 / scale);
  cv::min(out, 1.0, out);
  cv::max(out, 0.0, out);
  return out;
}

std::optional<cv::Mat> saliency_from_gradient(const cv::Mat& gradient) {
  CV_Assert(gradient.type() == CV_32FC3);
  cv::Mat magnitude = cv::abs(gradient), channels[3], largest;
  cv::split(magnitude, channels);
  cv::max(channels[0], channels[1], largest);
  cv::max(largest, channels[2], largest);
  double sigma = std::max(1.0, gradient.cols / 64.0);
  cv::GaussianBlur(largest, largest, cv::Size(0, 0), sigma, sigma, cv::BORDER_REFLECT);
  return normalise_saliency(largest);
}

std::optional<CropSaliency> crop_saliency(const std::vector<Detector*>& detectors, const cv::Mat& rgb_crop) {
  CropSaliency out;
  cv::Mat sum = cv::Mat::zeros(rgb_crop.size(), CV_32F);
  for (Detector* detector : detectors) {
    std::string method = detector->saliency_method();
    if (method.empty() || (!out.method.empty() && method != out.method)) continue;
    std::optional<cv::Mat> map = detector->saliency(rgb_crop);
    if (!map) continue;
    cv::Mat sized = *map;
    if (sized.size() != rgb_crop.size()) cv::resize(*map, sized, rgb_crop.size(), 0, 0, cv::INTER_LINEAR);
    sum += sized;
    out.method = method;
    out.detectors.push_back(detector->name());
  }
  if (out.detectors.empty()) return std::nullopt;
  std::optional<cv::Mat> mean = normalise_saliency(sum / static_cast<double>(out.detectors.size()));
  if (!mean) return std::nullopt;
  out.map = *mean;
  return out;
}

}  // namespace deeptrace::detect
