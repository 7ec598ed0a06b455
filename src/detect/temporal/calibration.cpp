#include "detect/temporal/calibration.hpp"

#include <array>
#include <cmath>

#include <opencv2/video/tracking.hpp>

#include "core/errors.hpp"

namespace deeptrace::detect::temporal {
namespace {

std::vector<cv::Point2f> as_vector(const LandmarkPoints& points) { return {points.begin(), points.end()}; }

cv::Point2f rounded(cv::Point2f p) { return {std::nearbyint(p.x), std::nearbyint(p.y)}; }

struct Flow {
  std::vector<cv::Point2f> points;
  std::vector<uchar> found;
};

// Each crop takes part in up to four flows (forward and back, from and to
// its neighbours): its image pyramid (with derivatives) is built once, as
// calcOpticalFlowPyrLK would build it for every call. Same results, less
// than half the time.
using Pyramid = std::vector<cv::Mat>;

Pyramid pyramid_of(const cv::Mat& crop, const CalibrationOptions& options) {
  Pyramid pyramid;
  cv::buildOpticalFlowPyramid(crop, pyramid, options.window, options.max_pyramid_level);
  return pyramid;
}

// Lucas-Kanade from `from_points` in `from` to `to`, starting at `guess`.
Flow track(const Pyramid& from, const Pyramid& to, const std::vector<cv::Point2f>& from_points,
           const std::vector<cv::Point2f>& guess, const CalibrationOptions& options) {
  Flow flow{guess, {}};
  std::vector<float> error;
  cv::TermCriteria stop(cv::TermCriteria::COUNT | cv::TermCriteria::EPS, options.max_iterations, options.min_step_px);
  cv::calcOpticalFlowPyrLK(from, to, from_points, flow.points, flow.found, error, options.window,
                           options.max_pyramid_level, stop, cv::OPTFLOW_USE_INITIAL_FLOW);
  return flow;
}

}  // namespace

std::vector<LandmarkPoints> calibrate_landmarks(const std::vector<cv::Mat>& crops,
                                                const std::vector<LandmarkPoints>& detected,
                                                const CalibrationOptions& options) {
  if (crops.size() != detected.size()) throw Error(ErrorCode::INTERNAL, "one face crop per landmark set needed");
  std::vector<LandmarkPoints> calibrated;
  if (detected.empty()) return calibrated;
  calibrated.push_back(detected[0]);
  std::vector<Pyramid> pyramids;
  for (const cv::Mat& crop : crops) pyramids.push_back(pyramid_of(crop, options));
  std::array<double, kLandmarks> variance{};  // P per point, upstream starts at 0
  for (size_t i = 0; i + 1 < detected.size(); ++i) {
    const LandmarkPoints& start = calibrated[i];
    const LandmarkPoints& target = detected[i + 1];
    Flow forward = track(pyramids[i], pyramids[i + 1], as_vector(start), as_vector(target), options);
    Flow back = track(pyramids[i + 1], pyramids[i], forward.points, as_vector(start), options);
    LandmarkPoints merged = target;
    for (int p = 0; p < kLandmarks; ++p) {
      cv::Point2f ahead = rounded(forward.points[p]);
      bool trusted = forward.found[p] && back.found[p] &&
                     cv::norm(rounded(back.points[p]) - start[p]) <= options.max_round_trip_px;
      if (!trusted) continue;
      double detection_motion = cv::norm(target[p] - detected[i][p]);
      double tracked_motion = cv::norm(ahead - start[p]);
      double detection_variance = detection_motion / (tracked_motion == 0 ? 1 : tracked_motion);
      variance[p] += options.process_variance;
      double gain = variance[p] / (variance[p] + detection_variance);
      merged[p] = cv::Point2f(std::trunc(ahead.x + gain * (target[p].x - ahead.x)),
                              std::trunc(ahead.y + gain * (target[p].y - ahead.y)));
      variance[p] *= 1 - gain;
    }
    calibrated.push_back(merged);
  }
  return calibrated;
}

}  // namespace deeptrace::detect::temporal
