#include "detect/blazeface_decode.hpp"

#include <algorithm>
#include <cmath>

namespace deeptrace::detect::blazeface {
namespace {

float sigmoid_clipped(float logit) {
  return 1.0f / (1.0f + std::exp(-std::clamp(logit, -kScoreClip, kScoreClip)));
}

Detection box_of(const float* r, const Anchor& a, float side, float score) {
  float x_center = r[0] / side * a.w + a.x_center;
  float y_center = r[1] / side * a.h + a.y_center;
  float w = r[2] / side * a.w, h = r[3] / side * a.h;
  return {x_center - w / 2, y_center - h / 2, x_center + w / 2, y_center + h / 2, score};
}

Detection score_weighted_mean(const std::vector<Detection>& group) {
  Detection merged{0, 0, 0, 0, 0};
  float total = 0;
  for (const auto& d : group) {
    merged.xmin += d.xmin * d.score;
    merged.ymin += d.ymin * d.score;
    merged.xmax += d.xmax * d.score;
    merged.ymax += d.ymax * d.score;
    total += d.score;
  }
  merged.xmin /= total;
  merged.ymin /= total;
  merged.xmax /= total;
  merged.ymax /= total;
  merged.score = total / static_cast<float>(group.size());
  return merged;
}

}  // namespace

float iou(const Detection& a, const Detection& b) {
  float w = std::min(a.xmax, b.xmax) - std::max(a.xmin, b.xmin);
  float h = std::min(a.ymax, b.ymax) - std::max(a.ymin, b.ymin);
  if (w <= 0 || h <= 0) return 0;
  float inter = w * h;
  float uni = (a.xmax - a.xmin) * (a.ymax - a.ymin) + (b.xmax - b.xmin) * (b.ymax - b.ymin) - inter;
  return uni > 0 ? inter / uni : 0;
}

std::vector<Detection> decode(const float* regressors, const float* logits, const std::vector<Anchor>& anchors,
                              const DecodeOptions& options) {
  std::vector<Detection> found;
  for (size_t i = 0; i < anchors.size(); ++i) {
    float score = sigmoid_clipped(logits[i]);
    if (score >= options.min_score)
      found.push_back(box_of(regressors + i * kRegressors, anchors[i], options.input_side, score));
  }
  return weighted_nms(std::move(found), options.min_suppression_iou);
}

std::vector<Detection> weighted_nms(std::vector<Detection> remaining, float min_iou) {
  std::stable_sort(remaining.begin(), remaining.end(), [](const auto& a, const auto& b) { return a.score > b.score; });
  std::vector<Detection> kept;
  while (!remaining.empty()) {
    Detection best = remaining.front();
    std::vector<Detection> group, rest;
    group.push_back(best);  // even a degenerate box (IoU 0 with itself) leaves the loop
    for (size_t i = 1; i < remaining.size(); ++i)
      (iou(best, remaining[i]) > min_iou ? group : rest).push_back(remaining[i]);
    // A lone detection keeps its own box and score, as in MediaPipe.
    kept.push_back(group.size() > 1 ? score_weighted_mean(group) : best);
    remaining = std::move(rest);
  }
  return kept;
}

}  // namespace deeptrace::detect::blazeface
