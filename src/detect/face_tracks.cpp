#include "detect/face_tracks.hpp"

#include <chrono>

namespace deeptrace::detect {
namespace {

using Clock = std::chrono::steady_clock;

// One person cut apart into several tracks (a camera cut, leaving and coming
// back) becomes one track; `tracks` are renumbered.
report::TrackIdentity join_tracks_of_one_person(const std::vector<FrameFaces>& frames, std::vector<Track>& tracks,
                                                CropFaces& crop_faces, const FaceIdentity& identity) {
  report::TrackIdentity out{identity.model(), kSamePersonDistance, 0};
  if (tracks.size() < 2) return out;
  auto descriptors = describe_tracks(frames, tracks, crop_faces, identity);
  JoinedTracks joined = join_same_person(tracks, descriptors, kSamePersonDistance);
  tracks = std::move(joined.tracks);
  out.tracks_joined = joined.joined;
  return out;
}

}  // namespace

FaceTracks track_faces(std::vector<FrameFaces>& frames, const std::vector<cv::Mat>& crops, const FaceTrackSteps& steps) {
  FaceTracks out;
  out.tracks = link_tracks(frames);
  if (!steps.hog) return out;
  CropFaces crop_faces(*steps.hog, crops);
  // Tracks no second face detector confirms (colour bars, blurred blobs) are
  // not evidence: their faces leave the frames before anything is scored.
  if (steps.set_aside_unconfirmed) out.set_aside = set_aside_unconfirmed_tracks(frames, out.tracks, crop_faces);
  if (out.faces_set_aside() > 0) out.tracks = link_tracks(frames);
  if (!steps.identity) return out;
  auto start = Clock::now();
  out.identity = join_tracks_of_one_person(frames, out.tracks, crop_faces, *steps.identity);
  out.identity_ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return out;
}

}  // namespace deeptrace::detect
