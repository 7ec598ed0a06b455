#pragma once
// Internal: BlazeFace post-processing as in MediaPipe (and hollance's
// BlazeFace-PyTorch): SSD anchor decoding, then weighted non-maximum
// suppression, which averages overlapping boxes by score instead of keeping
// only the best one (steadier boxes from frame to frame). Plain C++ so that
// it is testable without a model.
#include <vector>

namespace deeptrace::detect::blazeface {

constexpr int kAnchors = 896;
constexpr int kRegressors = 16;  // box (4) + 6 keypoints (12)
constexpr float kScoreClip = 100.0f;

struct Anchor {
  float x_center, y_center, w, h;
};

// Normalised [0,1] coordinates of the square model input.
struct Detection {
  float xmin, ymin, xmax, ymax;
  float score;
};

struct DecodeOptions {
  float input_side = 128;   // the model's input side, in pixels
  float min_score = 0.75f;  // MediaPipe's threshold (front 0.75, back 0.65)
  float min_suppression_iou = 0.3f;
};

float iou(const Detection& a, const Detection& b);

// regressors: kAnchors x kRegressors, logits: kAnchors, for one image.
std::vector<Detection> decode(const float* regressors, const float* logits, const std::vector<Anchor>& anchors,
                              const DecodeOptions& options);

// Sorted by score; boxes overlapping the best by more than min_iou are merged
// into it, weighted by score, and the merged score is their mean.
std::vector<Detection> weighted_nms(std::vector<Detection> detections, float min_iou);

}  // namespace deeptrace::detect::blazeface
