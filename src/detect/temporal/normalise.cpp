#include "detect/temporal/normalise.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>


namespace deeptrace::detect::temporal {
namespace {

struct Extent {
  float x_min, y_min, x_max, y_max;
  float size() const { return std::max(x_max - x_min, y_max - y_min); }
};

Extent extent_of(const LandmarkPoints& shape) {
  Extent e{shape[0].x, shape[0].y, shape[0].x, shape[0].y};
  for (const auto& p : shape) {
    e.x_min = std::min(e.x_min, p.x), e.x_max = std::max(e.x_max, p.x);
    e.y_min = std::min(e.y_min, p.y), e.y_max = std::max(e.y_max, p.y);
  }
  return e;
}

cv::Point2f mean_of(const LandmarkPoints& shape) {
  cv::Point2f sum(0, 0);
  for (const auto& p : shape) sum += p;
  return sum * (1.0f / kLandmarks);
}

// Upstream: the face moved more than half its size, or grew or shrank by
// more than 30%, between two frames: the detector found something else.
bool jumped(const LandmarkPoints& previous, const LandmarkPoints& current) {
  float previous_size = extent_of(previous).size(), current_size = extent_of(current).size();
  float distance = static_cast<float>(cv::norm(mean_of(current) - mean_of(previous)));
  return distance > 0.5f * previous_size || current_size < 0.7f * previous_size || current_size > 1.3f * previous_size;
}

// Upstream averages the size of every frame but the last (it collects the
// previous frame's size from frame 1 on); one frame: its own size.
int stable_face_size(const std::vector<LandmarkPoints>& shapes) {
  size_t counted = std::max<size_t>(1, shapes.size() - 1);
  double sum = 0;
  for (size_t i = 0; i < counted; ++i) sum += extent_of(shapes[i]).size();
  return static_cast<int>(std::nearbyint(sum / counted));
}

// A box clipped below this (the face left the picture) is no box.
constexpr int kMinFaceBoxPx = 8;

// Python's // on integers: rounds towards minus infinity.
int floor_div(int a, int b) { return static_cast<int>(std::floor(static_cast<double>(a) / b)); }

}  // namespace

std::vector<LandmarkPoints> without_jumps(const std::vector<LandmarkPoints>& shapes) {
  std::vector<LandmarkPoints> kept;
  kept.reserve(shapes.size());
  for (const auto& shape : shapes) kept.push_back(kept.empty() || !jumped(kept.back(), shape) ? shape : kept.back());
  return kept;
}

std::vector<cv::Rect> face_boxes(const std::vector<LandmarkPoints>& shapes, cv::Size frame) {
  std::vector<cv::Rect> boxes;
  if (shapes.empty()) return boxes;
  int side = static_cast<int>(stable_face_size(shapes) * kFaceBoxScale) / 2 * 2;
  cv::Point2d held_centre(-1e9, -1e9);
  for (const auto& shape : shapes) {
    Extent e = extent_of(shape);
    // Landmarks are whole pixels (dlib), so the centre is an integer, as upstream's.
    cv::Point2d centre(floor_div(static_cast<int>(e.x_min + e.x_max), 2), floor_div(static_cast<int>(e.y_min + e.y_max), 2));
    if (cv::norm(centre - held_centre) < kCentreHoldPx) centre = held_centre;
    held_centre = centre;
    int x1 = std::max(static_cast<int>(centre.x) - side / 2, 0);
    int y1 = std::max(static_cast<int>(centre.y) - side / 2, 0);
    int clipped = std::min({side, frame.width - x1, frame.height - y1});
    boxes.push_back(clipped >= kMinFaceBoxPx ? cv::Rect(x1, y1, clipped, clipped) : cv::Rect());
  }
  return boxes;
}

LandmarkPoints in_face_box(const LandmarkPoints& shape, const cv::Rect& box) {
  double scale = static_cast<double>(kNormalisedFace) / box.width;
  LandmarkPoints out;
  for (int i = 0; i < kLandmarks; ++i)
    out[i] = cv::Point2f(static_cast<float>(std::nearbyint((shape[i].x - box.x) * scale)),
                         static_cast<float>(std::nearbyint((shape[i].y - box.y) * scale)));
  return out;
}

cv::Mat face_crop(const cv::Mat& bgr, const cv::Rect& box) {
  cv::Mat crop;
  int interpolation = box.width < kNormalisedFace ? cv::INTER_CUBIC : cv::INTER_AREA;
  cv::resize(bgr(box & cv::Rect(0, 0, bgr.cols, bgr.rows)), crop, cv::Size(kNormalisedFace, kNormalisedFace), 0, 0,
             interpolation);
  return crop;
}

LandmarkRow normalised_row(const LandmarkPoints& in_box) {
  constexpr float half = kNormalisedFace / 2;
  LandmarkRow row;
  for (int i = 0; i < kLandmarks; ++i) {
    row[2 * i] = (in_box[i].x - half) / half;
    row[2 * i + 1] = (in_box[i].y - half) / half;
  }
  return row;
}

}  // namespace deeptrace::detect::temporal
