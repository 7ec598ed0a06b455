#pragma once
// The face tracks of one analysis, in three steps: faces linked by position
// (tracks.hpp), tracks the HOG second opinion confirms in none of their
// largest crops set aside (face_second_opinion.hpp), then tracks of one
// person joined by face recognition (face_identity.hpp). Both later steps
// look at the same crops, and each crop is scanned by HOG once.
#include <optional>
#include <vector>

#include <opencv2/core.hpp>

#include "detect/face_identity.hpp"
#include "detect/face_second_opinion.hpp"
#include "detect/tracks.hpp"
#include "report/report.hpp"

namespace deeptrace::detect {

struct FaceTrackSteps {
  const HogFaceFinder* hog = nullptr;         // null: neither later step runs
  bool set_aside_unconfirmed = true;          // the second opinion
  const FaceIdentity* identity = nullptr;     // null: tracks are not joined
};

struct FaceTracks {
  std::vector<Track> tracks;  // ids 0.. in order of first appearance
  // The faces removed from the frames, frame by frame (the temporal section
  // leaves them out too).
  std::vector<FrameFaces> set_aside;
  int faces_set_aside() const { return count_faces(set_aside); }
  // How tracks were joined; none without the identity step.
  std::optional<report::TrackIdentity> identity;
  double identity_ms = 0;
};

// Removes from `frames` the faces of tracks set aside (see above).
FaceTracks track_faces(std::vector<FrameFaces>& frames, const std::vector<cv::Mat>& crops, const FaceTrackSteps& steps);

}  // namespace deeptrace::detect
