#pragma once
// The hand-over between landmark extraction (landmarks over consecutive
// frames, calibrated and normalised) and LRNet scoring. Interface agreed for
// issue 14: the extractor fills LandmarkWindows, the scorer reads them.
#include <array>
#include <vector>

namespace deeptrace::detect::temporal {

inline constexpr int kLandmarks = 68;
inline constexpr int kLandmarkValues = 2 * kLandmarks;  // x,y interleaved, iBUG 68-point order
inline constexpr int kBlockFrames = 30;                 // LRNet g1 reads 30 frames, g2 their 29 differences

using LandmarkRow = std::array<float, kLandmarkValues>;

// One face followed through consecutive frames (at least kBlockFrames + 1),
// its landmarks calibrated (pyramidal Lucas-Kanade blended with the
// detection, then a Kalman filter per point) and normalised as LRNet reads
// them: a fixed square box per window, 1.2 x the mean landmark extent,
// centred on each frame's landmarks, coordinates scaled to 400 px, then
// (p - 200) / 200, so in [-1, 1].
struct LandmarkWindow {
  int track = -1;  // the id of the matching evidence.visual track; -1 when none matched
  double t_start = 0, t_end = 0;  // media time of the first and last frame, seconds
  std::vector<LandmarkRow> rows;  // one per consecutive frame
};

}  // namespace deeptrace::detect::temporal
