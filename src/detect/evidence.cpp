#include "detect/evidence.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace deeptrace::detect {

std::string thumbnail_jpeg(const cv::Mat& rgb_crop) {
  cv::Mat bgr, bytes8;
  rgb_crop.convertTo(bytes8, CV_8U, rgb_crop.depth() == CV_32F ? 255.0 : 1.0);
  cv::cvtColor(bytes8, bgr, cv::COLOR_RGB2BGR);
  std::vector<uchar> jpeg;
  cv::imencode(".jpg", bgr, jpeg, {cv::IMWRITE_JPEG_QUALITY, 90});
  return std::string(jpeg.begin(), jpeg.end());
}

std::string saliency_jpeg(const cv::Mat& rgb_crop, const cv::Mat& map) {
  cv::Mat bgr, bytes8, sized = map, levels, heat, blended;
  rgb_crop.convertTo(bytes8, CV_8U, rgb_crop.depth() == CV_32F ? 255.0 : 1.0);
  cv::cvtColor(bytes8, bgr, cv::COLOR_RGB2BGR);
  if (map.size() != bgr.size()) cv::resize(map, sized, bgr.size(), 0, 0, cv::INTER_LINEAR);
  sized.convertTo(levels, CV_8U, 255.0);
  cv::applyColorMap(levels, heat, cv::COLORMAP_JET);
  cv::addWeighted(bgr, 1.0 - kHeatmapAlpha, heat, kHeatmapAlpha, 0.0, blended);
  std::vector<uchar> jpeg;
  cv::imencode(".jpg", blended, jpeg, {cv::IMWRITE_JPEG_QUALITY, 90});
  return std::string(jpeg.begin(), jpeg.end());
}

std::optional<report::ArtifactRef> store_artifact(const AnalysisHooks& hooks, const std::string& name,
                                                  const std::string& content_type, const std::string& bytes) {
  if (!hooks.store_artifact) return std::nullopt;
  Json ref = hooks.store_artifact(ArtifactData{name, content_type, bytes});
  if (ref.is_null()) return std::nullopt;
  return ref.get<report::ArtifactRef>();
}

}  // namespace deeptrace::detect
