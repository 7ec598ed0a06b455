#pragma once
// LRNet's landmark calibration, as upstream's demo does it
// (frederickszk/LRNet, demo/utils/landmark_utils.py: detect_frames_track and
// check_and_merge). Raw per-frame detections jitter by a pixel or two, which
// LRNet reads as unnatural motion: without calibration real clips from other
// datasets score as fake. For each frame i -> i+1, in the 400x400 face crops:
//  1. pyramidal Lucas-Kanade (cv::calcOpticalFlowPyrLK: 15x15 window, pyramid
//     levels 0..3, at most 10 iterations or a 0.03 px step) tracks each
//     calibrated point of frame i into frame i+1, starting from the new
//     detection (OPTFLOW_USE_INITIAL_FLOW); then back again into frame i;
//  2. a point is trusted only if both flows found it and the round trip
//     returns within 2 px (both flows rounded to whole pixels first);
//  3. a trusted point is the Kalman update of the tracked point by the
//     detection: the tracked point's variance P grows by the process
//     variance Q = 0.3 each frame, the detection's variance is
//     |detection motion| / |tracked motion| (so a detection that moves much
//     more than the pixels is distrusted), gain K = P / (P + that), point =
//     tracked + K (detection - tracked), truncated to a whole pixel as
//     upstream's integer array does, and P = (1 - K) P. An untrusted point
//     takes the detection.
// Upstream writes this scalar-variance update by hand; here it is an OpenCV
// cv::KalmanFilter per point set up to compute exactly that (identity
// transition from the tracked point, process noise Q, the detection's
// variance as measurement noise), so our rows match what LRNet was trained on.
#include <vector>

#include <opencv2/core.hpp>

#include "detect/temporal/landmarks.hpp"

namespace deeptrace::detect::temporal {

struct CalibrationOptions {
  cv::Size window{15, 15};       // Lucas-Kanade search window
  int max_pyramid_level = 3;     // upstream's maxLevel
  int max_iterations = 10;       // termination: iterations...
  double min_step_px = 0.03;     // ...or step size
  double max_round_trip_px = 2;  // forward-backward disagreement that rejects the flow
  double process_variance = 0.3; // Q
};

// `crops`: each frame's 400x400 face crop (normalise.hpp face_crop, BGR);
// `detected`: the detections in those crops (in_face_box), one per crop.
// Returns the calibrated points, whole pixels of the crops; the first frame
// keeps its detection.
std::vector<LandmarkPoints> calibrate_landmarks(const std::vector<cv::Mat>& crops,
                                                const std::vector<LandmarkPoints>& detected,
                                                const CalibrationOptions& options = {});

}  // namespace deeptrace::detect::temporal
