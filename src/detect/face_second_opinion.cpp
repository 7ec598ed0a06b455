#include "detect/face_second_opinion.hpp"

#include <algorithm>
#include <mutex>

#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <opencv2/imgproc.hpp>

namespace deeptrace::detect {
namespace {


cv::Mat grey_for_hog(const cv::Mat& rgb_crop) {
  cv::Mat bytes, grey, sized, bordered;
  rgb_crop.convertTo(bytes, CV_8U, 255.0);
  if (bytes.channels() == 3) cv::cvtColor(bytes, grey, cv::COLOR_RGB2GRAY);
  else grey = bytes;
  cv::resize(grey, sized, cv::Size(kHogSide, kHogSide), 0, 0, cv::INTER_AREA);
  int pad = static_cast<int>(kHogSide * kHogBorder);
  cv::copyMakeBorder(sized, bordered, pad, pad, pad, pad, cv::BORDER_CONSTANT, cv::Scalar(128));
  return bordered;
}

bool confirmed(const std::vector<FrameFaces>& frames, const Track& track, const std::vector<cv::Mat>& crops,
               const FaceSecondOpinion& opinion) {
  std::vector<int> order = crops_largest_first(frames, track, kCropsChecked);
  return std::any_of(order.begin(), order.end(), [&](int crop) { return opinion.finds_face(crops[crop]); });
}

}  // namespace

struct FaceSecondOpinion::Impl {
  std::mutex mutex;  // dlib's detector keeps scratch state while it scans
  dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
};

FaceSecondOpinion::FaceSecondOpinion() : impl_(std::make_unique<Impl>()) {}
FaceSecondOpinion::~FaceSecondOpinion() = default;

bool FaceSecondOpinion::finds_face(const cv::Mat& rgb_crop) const {
  if (rgb_crop.empty()) return false;
  cv::Mat grey = grey_for_hog(rgb_crop);
  dlib::cv_image<unsigned char> image(grey);
  std::lock_guard lock(impl_->mutex);
  return !impl_->detector(image, kHogThresholdAdjust).empty();
}

int set_aside_unconfirmed_tracks(std::vector<FrameFaces>& frames, const std::vector<Track>& tracks,
                                 const std::vector<cv::Mat>& crops, const FaceSecondOpinion& opinion) {
  // Mark first, remove after: members index faces by position in their frame.
  std::vector<std::vector<bool>> drop(frames.size());
  for (size_t f = 0; f < frames.size(); ++f) drop[f].assign(frames[f].faces.size(), false);
  int removed = 0;
  for (const Track& track : tracks) {
    if (confirmed(frames, track, crops, opinion)) continue;
    for (const auto& m : track.members) drop[m.frame][m.face] = true;
    removed += static_cast<int>(track.members.size());
  }
  for (size_t f = 0; f < frames.size(); ++f) {
    std::vector<FaceObservation> kept;
    for (size_t i = 0; i < frames[f].faces.size(); ++i)
      if (!drop[f][i]) kept.push_back(frames[f].faces[i]);
    frames[f].faces = std::move(kept);
  }
  return removed;
}

}  // namespace deeptrace::detect
