#pragma once
// Internal: a second opinion on the faces BlazeFace finds (issue 18, defect 2:
// colour bars and a blurred background blob were taken for faces and gave
// confident verdicts). dlib's HOG frontal face detector, a different method
// (gradient histograms and a linear SVM, not a CNN), looks at a track's
// largest crops; a track none of whose crops it confirms is set aside before
// scoring. Its own translation unit so that only deeptrace_landmarks links dlib.
#include <memory>
#include <vector>

#include <opencv2/core.hpp>

#include "detect/tracks.hpp"

namespace deeptrace::detect {

class FaceSecondOpinion {
 public:
  FaceSecondOpinion();
  ~FaceSecondOpinion();
  FaceSecondOpinion(const FaceSecondOpinion&) = delete;
  FaceSecondOpinion& operator=(const FaceSecondOpinion&) = delete;

  // One classifier crop (float RGB in [0,1], the face with its margin): does
  // the HOG detector find a face in it? Thread-safe.
  bool finds_face(const cv::Mat& rgb_crop) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
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
// in none of its kCropsChecked largest crops. Returns how many faces it
// removed (0: `tracks` still describes `frames`; else link them again).
int set_aside_unconfirmed_tracks(std::vector<FrameFaces>& frames, const std::vector<Track>& tracks,
                                 const std::vector<cv::Mat>& crops, const FaceSecondOpinion& opinion);

}  // namespace deeptrace::detect
