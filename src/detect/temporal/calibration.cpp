#include "detect/temporal/calibration.hpp"

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

// Upstream's per-point filter as an OpenCV Kalman filter: the state is the
// point (x, y) with one variance P for both coordinates; the prediction is
// the point Lucas-Kanade tracked (not a motion model), so the transition is
// the identity applied to a state set to that point; the process noise is Q;
// the measurement is the detection, with a noise that changes every frame.
// Double precision, so the result is upstream's arithmetic.
class PointFilter {
 public:
  explicit PointFilter(double process_variance) : filter_(2, 2, 0, CV_64F) {
    cv::setIdentity(filter_.transitionMatrix);
    cv::setIdentity(filter_.measurementMatrix);
    cv::setIdentity(filter_.processNoiseCov, cv::Scalar::all(process_variance));
    filter_.errorCovPost = cv::Mat::zeros(2, 2, CV_64F);  // upstream starts at 0
  }
  // A copy would share the filter's matrices (cv::Mat copies are shallow).
  PointFilter(const PointFilter&) = delete;
  PointFilter& operator=(const PointFilter&) = delete;
  PointFilter(PointFilter&&) = default;

  // The tracked point corrected by the detection, whose variance is
  // `detection_variance`.
  cv::Point2d update(cv::Point2f tracked, cv::Point2f detection, double detection_variance) {
    filter_.statePost = (cv::Mat_<double>(2, 1) << tracked.x, tracked.y);
    filter_.predict();
    cv::setIdentity(filter_.measurementNoiseCov, cv::Scalar::all(detection_variance));
    const cv::Mat& state = filter_.correct((cv::Mat_<double>(2, 1) << detection.x, detection.y));
    return {state.at<double>(0), state.at<double>(1)};
  }

 private:
  cv::KalmanFilter filter_;
};

}  // namespace

std::vector<LandmarkPoints> calibrate_landmarks(const std::vector<cv::Mat>& crops,
                                                const std::vector<LandmarkPoints>& detected,
                                                const CalibrationOptions& options) {
  if (crops.size() != detected.size()) throw Error(ErrorCode::INTERNAL, "one face crop per landmark set needed");
  std::vector<LandmarkPoints> calibrated;
  if (detected.empty()) return calibrated;
  calibrated.push_back(detected[0]);
  // Two pyramids at a time (this crop's and the next one's): a whole
  // window's (31 crops with derivatives, about 1.5 MB each) would be held
  // for nothing.
  Pyramid current = pyramid_of(crops[0], options);
  std::vector<PointFilter> filters;
  filters.reserve(kLandmarks);
  for (int p = 0; p < kLandmarks; ++p) filters.emplace_back(options.process_variance);
  for (size_t i = 0; i + 1 < detected.size(); ++i) {
    const LandmarkPoints& start = calibrated[i];
    const LandmarkPoints& target = detected[i + 1];
    Pyramid next = pyramid_of(crops[i + 1], options);
    Flow forward = track(current, next, as_vector(start), as_vector(target), options);
    Flow back = track(next, current, forward.points, as_vector(start), options);
    current = std::move(next);
    LandmarkPoints merged = target;
    for (int p = 0; p < kLandmarks; ++p) {
      cv::Point2f ahead = rounded(forward.points[p]);
      bool trusted = forward.found[p] && back.found[p] &&
                     cv::norm(rounded(back.points[p]) - start[p]) <= options.max_round_trip_px;
      if (!trusted) continue;
      double detection_motion = cv::norm(target[p] - detected[i][p]);
      double tracked_motion = cv::norm(ahead - start[p]);
      double detection_variance = detection_motion / (tracked_motion == 0 ? 1 : tracked_motion);
      cv::Point2d filtered = filters[p].update(ahead, target[p], detection_variance);
      merged[p] = cv::Point2f(static_cast<float>(std::trunc(filtered.x)), static_cast<float>(std::trunc(filtered.y)));
    }
    calibrated.push_back(merged);
  }
  return calibrated;
}

}  // namespace deeptrace::detect::temporal
