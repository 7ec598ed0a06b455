#pragma once
// Internal: a second opinion on the faces BlazeFace finds (issue 18, defect 2:
// colour bars and a blurred background blob were taken for faces and gave
// confident verdicts). dlib's HOG frontal face detector, a different method
// (gradient histograms and a linear SVM, not a CNN), looks at a track's
// largest crops; a track none of whose crops it confirms is set aside before
// scoring. Its own translation unit so that only deeptrace_landmarks links dlib.
#include <map>
#include <memory>
#include <vector>

#include <opencv2/core.hpp>

#include "detect/tracks.hpp"

namespace deeptrace::detect {

// dlib's HOG frontal face detector on classifier crops.
class HogFaceFinder {
 public:
  HogFaceFinder();
  ~HogFaceFinder();
  HogFaceFinder(const HogFaceFinder&) = delete;
  HogFaceFinder& operator=(const HogFaceFinder&) = delete;

  // The faces in one classifier crop (float RGB in [0,1], the face with its
  // margin) as rectangles in the pixels of hog_picture(crop), largest
  // first; none for an empty crop. Thread-safe.
  std::vector<cv::Rect> find(const cv::Mat& rgb_crop) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The crop as the HOG detector sees it: RGB bytes at kHogSide, in a grey
// border. The face identity cuts its aligned chip from this same picture.
cv::Mat hog_picture(const cv::Mat& rgb_crop);

// One analysis's crops and the faces the HOG detector finds in them, each
// crop scanned once: the second opinion and the face identity both look at
// every track's largest crops. Not thread-safe.
class CropFaces {
 public:
  CropFaces(const HogFaceFinder& finder, const std::vector<cv::Mat>& crops) : finder_(finder), crops_(crops) {}
  const cv::Mat& crop(int index) const { return crops_.at(static_cast<size_t>(index)); }
  const std::vector<cv::Rect>& faces(int index);

 private:
  const HogFaceFinder& finder_;
  const std::vector<cv::Mat>& crops_;
  std::map<int, std::vector<cv::Rect>> found_;
};

// How a classifier crop is shown to dlib's HOG detector, here and by the face
// identity (face_identity.cpp). HOG windows are 80 x 80 and need the face
// inside the picture with some border: the crop (face plus a quarter of its
// side each way) is brought to a side where the face spans about 160 px,
// inside the detector's pyramid, and grown by another fifth of grey border.
inline constexpr int kHogSide = 240;
inline constexpr double kHogBorder = 0.2;
// dlib's detection threshold lowered a little: a second opinion should
// reject what is clearly not a face, not faces that are merely hard.
inline constexpr double kHogThresholdAdjust = -0.3;

// How many crops of a track the second opinion looks at, largest first: one
// confirmation is enough (a face turned away in some frames is still a face).
inline constexpr int kCropsChecked = 3;

// Removes from `frames` the faces of every track the second opinion confirms
// in none of its kCropsChecked largest crops. Returns them, frame by frame
// (the same times as `frames`; none removed: `tracks` still describes
// `frames`; else link them again).
std::vector<FrameFaces> set_aside_unconfirmed_tracks(std::vector<FrameFaces>& frames, const std::vector<Track>& tracks,
                                                     CropFaces& crop_faces);
int count_faces(const std::vector<FrameFaces>& frames);

}  // namespace deeptrace::detect
