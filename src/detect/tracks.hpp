#pragma once
// Internal: faces seen in sampled frames, linked into tracks so that each
// person in a video is scored on their own.
#include <optional>
#include <set>
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

// The crops of a track, largest face first, at most `limit` of them.
std::vector<int> crops_largest_first(const std::vector<FrameFaces>& frames, const Track& track, int limit);

// The frames a track shows a face in.
std::set<int> frames_of_track(const Track& track);

// Whether a track shows a face in one of `frames` (another track's: then
// they are two people).
bool share_a_frame(const std::set<int>& frames, const Track& track);

// A face's identity descriptor (face_identity.hpp): close ones, one person.
using FaceDescriptor = std::vector<float>;
double descriptor_distance(const FaceDescriptor& a, const FaceDescriptor& b);

struct JoinedTracks {
  std::vector<Track> tracks;  // ids 0.. in order of first appearance
  int joined = 0;             // tracks that became part of another
};

// Joins tracks whose descriptors lie within `max_distance` and that never
// share a frame (one person cut apart by a camera cut, or leaving and coming
// back), closest pairs first; a group keeps the mean of its descriptors. A
// track without a descriptor stays alone.
JoinedTracks join_same_person(const std::vector<Track>& tracks,
                              const std::vector<std::optional<FaceDescriptor>>& descriptors, double max_distance);

}  // namespace deeptrace::detect
