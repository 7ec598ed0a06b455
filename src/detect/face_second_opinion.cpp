#include "detect/face_second_opinion.hpp"

#include <algorithm>
#include <mutex>

#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <opencv2/imgproc.hpp>

namespace deeptrace::detect {
namespace {

bool confirmed(const std::vector<FrameFaces>& frames, const Track& track, CropFaces& crop_faces) {
  std::vector<int> order = crops_largest_first(frames, track, kCropsChecked);
  return std::any_of(order.begin(), order.end(), [&](int crop) { return !crop_faces.faces(crop).empty(); });
}

}  // namespace

cv::Mat hog_picture(const cv::Mat& rgb_crop) {
  cv::Mat bytes, sized, bordered;
  rgb_crop.convertTo(bytes, CV_8U, 255.0);
  if (bytes.channels() == 1) cv::cvtColor(bytes, bytes, cv::COLOR_GRAY2RGB);
  cv::resize(bytes, sized, cv::Size(kHogSide, kHogSide), 0, 0, cv::INTER_AREA);
  int pad = static_cast<int>(kHogSide * kHogBorder);
  cv::copyMakeBorder(sized, bordered, pad, pad, pad, pad, cv::BORDER_CONSTANT, cv::Scalar::all(128));
  return bordered;
}

struct HogFaceFinder::Impl {
  std::mutex mutex;  // dlib's detector keeps scratch state while it scans
  dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
};

HogFaceFinder::HogFaceFinder() : impl_(std::make_unique<Impl>()) {}
HogFaceFinder::~HogFaceFinder() = default;

std::vector<cv::Rect> HogFaceFinder::find(const cv::Mat& rgb_crop) const {
  if (rgb_crop.empty()) return {};
  cv::Mat rgb = hog_picture(rgb_crop);
  dlib::cv_image<dlib::rgb_pixel> image(rgb);  // cv::Mat in RGB byte order, read in place
  std::vector<dlib::rectangle> found;
  {
    std::lock_guard lock(impl_->mutex);
    found = impl_->detector(image, kHogThresholdAdjust);
  }
  std::vector<cv::Rect> faces;
  for (const auto& r : found)
    faces.emplace_back(static_cast<int>(r.left()), static_cast<int>(r.top()), static_cast<int>(r.width()),
                       static_cast<int>(r.height()));
  std::stable_sort(faces.begin(), faces.end(), [](const cv::Rect& a, const cv::Rect& b) { return a.area() > b.area(); });
  return faces;
}

const std::vector<cv::Rect>& CropFaces::faces(int index) {
  auto it = found_.find(index);
  if (it == found_.end()) it = found_.emplace(index, finder_.find(crop(index))).first;
  return it->second;
}

std::vector<FrameFaces> set_aside_unconfirmed_tracks(std::vector<FrameFaces>& frames, const std::vector<Track>& tracks,
                                                     CropFaces& crop_faces) {
  // Mark first, remove after: members index faces by position in their frame.
  std::vector<std::vector<bool>> drop(frames.size());
  for (size_t f = 0; f < frames.size(); ++f) drop[f].assign(frames[f].faces.size(), false);
  for (const Track& track : tracks) {
    if (confirmed(frames, track, crop_faces)) continue;
    for (const auto& m : track.members) drop[m.frame][m.face] = true;
  }
  std::vector<FrameFaces> removed;
  for (size_t f = 0; f < frames.size(); ++f) {
    std::vector<FaceObservation> kept;
    removed.push_back({frames[f].t, {}});
    for (size_t i = 0; i < frames[f].faces.size(); ++i)
      (drop[f][i] ? removed.back().faces : kept).push_back(frames[f].faces[i]);
    frames[f].faces = std::move(kept);
  }
  return removed;
}

int count_faces(const std::vector<FrameFaces>& frames) {
  int faces = 0;
  for (const FrameFaces& frame : frames) faces += static_cast<int>(frame.faces.size());
  return faces;
}

}  // namespace deeptrace::detect
