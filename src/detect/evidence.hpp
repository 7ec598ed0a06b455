#pragma once
// Internal: evidence files stored with the job (per-track thumbnails, the
// per-frame timeline) through AnalysisHooks::store_artifact.
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "detect/analyzer.hpp"
#include "report/report.hpp"

namespace deeptrace::detect {

// JPEG of a float RGB [0,1] face crop.
std::string thumbnail_jpeg(const cv::Mat& rgb_crop);

// Blending weight of the heatmap over the crop in saliency_jpeg.
constexpr double kHeatmapAlpha = 0.45;

// JPEG of a saliency map (CV_32F in [0,1], resized to the crop when it is
// not its size) as the JET colour map blended over the crop (float RGB
// [0,1] or 8-bit), the crop's size: red where the score was most sensitive.
std::string saliency_jpeg(const cv::Mat& rgb_crop, const cv::Mat& map);

// Stores `bytes` as artifact `name` if the hook is set; returns its
// reference {name, sha256, size, content_type}, or none without a hook.
std::optional<report::ArtifactRef> store_artifact(const AnalysisHooks& hooks, const std::string& name, const std::string& content_type,
                    const std::string& bytes);

}  // namespace deeptrace::detect
