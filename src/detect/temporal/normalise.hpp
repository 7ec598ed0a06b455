#pragma once
// LRNet's landmark normalisation, as upstream's demo does it
// (frederickszk/LRNet, demo/utils/landmark_utils.py: detect_frames_track and
// shape_to_face), per window instead of per video:
//  1. a landmark set that jumps (centre moved more than half the face size,
//     or size changed by more than 30%) is replaced by the previous frame's;
//  2. one face size per window: the mean over frames of the landmarks'
//     larger extent (max of width and height), rounded;
//  3. per frame a square box of side 1.2 x that size (made even), centred on
//     the frame's landmark extent (the centre kept from the previous frame
//     when it moved less than 1.42 px, against jitter), clipped to the frame;
//  4. landmarks in that box, scaled to 400 px and rounded (calibration works
//     on these, in the 400x400 face crops);
//  5. (p - 200) / 200, so in [-1, 1].
#include <vector>

#include <opencv2/core.hpp>

#include "detect/temporal/landmark_window.hpp"
#include "detect/temporal/landmarks.hpp"

namespace deeptrace::detect::temporal {

inline constexpr int kNormalisedFace = 400;     // upstream's face_size_normalized
inline constexpr double kFaceBoxScale = 1.2;    // box side / mean landmark extent
inline constexpr double kCentreHoldPx = 1.42;   // centre shifts below this are ignored

// Step 1: frames whose landmarks jump take the previous frame's.
std::vector<LandmarkPoints> without_jumps(const std::vector<LandmarkPoints>& shapes);

// Steps 2 and 3: the square crop box of each frame, in frame pixels. The
// box has equal sides; clipping at the right or bottom edge shrinks both.
// An empty box where the face lies (almost) outside the picture.
std::vector<cv::Rect> face_boxes(const std::vector<LandmarkPoints>& shapes, cv::Size frame);

// Step 4: `shape` in the box, scaled to kNormalisedFace and rounded.
LandmarkPoints in_face_box(const LandmarkPoints& shape, const cv::Rect& box);

// The box's pixels resized to kNormalisedFace square (cubic when enlarging,
// area when shrinking, as upstream); the picture calibration tracks on.
cv::Mat face_crop(const cv::Mat& bgr, const cv::Rect& box);

// Step 5: one row of 136 values, x,y interleaved.
LandmarkRow normalised_row(const LandmarkPoints& in_box);

}  // namespace deeptrace::detect::temporal
