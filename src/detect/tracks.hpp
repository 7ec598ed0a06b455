#pragma once
// Internal: faces seen in sampled frames, linked into tracks so that each
// person in a video is scored on their own.
#include <vector>

#include <opencv2/core.hpp>

namespace deeptrace::detect {

struct FaceObservation {
  cv::Rect box;   // pixels of the decoded (upright) frame
  int crop = -1;  // index into the classified crops
};

struct FrameFaces {
  double t = 0;                        // presentation time, seconds
  std::vector<FaceObservation> faces;  // largest first
};

struct TrackMember {
  int frame = 0;  // index into the frames
  int face = 0;   // index into that frame's faces
};

struct Track {
  int id = 0;
  std::vector<TrackMember> members;  // in time order, at most one per frame
};

struct TrackingOptions {
  double min_iou = 0.2;           // boxes this similar are the same face...
  double max_centre_shift = 0.6;  // ...or centres within this many box sides
  int max_gap_frames = 4;         // sampled frames a face may vanish for
};

// Greedy frame-by-frame association: each face joins the open track whose
// last box matches it best, else starts a new track.
std::vector<Track> link_tracks(const std::vector<FrameFaces>& frames, const TrackingOptions& options = {});

}  // namespace deeptrace::detect
