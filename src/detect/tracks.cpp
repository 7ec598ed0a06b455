#include "detect/tracks.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace deeptrace::detect {
namespace {

double iou(const cv::Rect& a, const cv::Rect& b) {
  double inter = (a & b).area();
  double uni = a.area() + b.area() - inter;
  return uni > 0 ? inter / uni : 0;
}

// Similarity in [0, 2]: IoU when boxes overlap enough, else a bonus-free
// centre-distance score; 0 means "not the same face".
double similarity(const cv::Rect& last, const cv::Rect& next, const TrackingOptions& options) {
  double overlap = iou(last, next);
  if (overlap >= options.min_iou) return 1.0 + overlap;
  double side = std::max(1, std::max(last.width, last.height));
  cv::Point2d a(last.x + last.width / 2.0, last.y + last.height / 2.0), b(next.x + next.width / 2.0, next.y + next.height / 2.0);
  double shift = std::hypot(a.x - b.x, a.y - b.y) / side;
  double scale = static_cast<double>(next.area()) / std::max(1, last.area());
  if (shift > options.max_centre_shift || scale < 0.5 || scale > 2.0) return 0;
  return 1.0 - shift / options.max_centre_shift;
}

struct OpenTrack {
  Track track;
  cv::Rect last_box;
  int last_frame = 0;
};

// The best open track for `box` among those not yet used in this frame.
int best_track(const std::vector<OpenTrack>& open, const std::vector<bool>& used, const cv::Rect& box, int frame,
               const TrackingOptions& options) {
  int best = -1;
  double best_score = 0;
  for (size_t i = 0; i < open.size(); ++i) {
    if (used[i] || frame - open[i].last_frame > options.max_gap_frames + 1) continue;
    double score = similarity(open[i].last_box, box, options);
    if (score > best_score) best_score = score, best = static_cast<int>(i);
  }
  return best;
}

}  // namespace

std::vector<Track> link_tracks(const std::vector<FrameFaces>& frames, const TrackingOptions& options) {
  std::vector<OpenTrack> open;
  for (size_t f = 0; f < frames.size(); ++f) {
    std::vector<bool> used(open.size(), false);
    const auto& faces = frames[f].faces;  // largest first: big faces pick their track first
    for (size_t k = 0; k < faces.size(); ++k) {
      TrackMember member{static_cast<int>(f), static_cast<int>(k)};
      int i = best_track(open, used, faces[k].box, static_cast<int>(f), options);
      if (i < 0) {
        open.push_back({Track{static_cast<int>(open.size()), {}}, {}, 0});
        used.push_back(false);
        i = static_cast<int>(open.size()) - 1;
      }
      open[i].track.members.push_back(member);
      open[i].last_box = faces[k].box;
      open[i].last_frame = static_cast<int>(f);
      used[i] = true;
    }
  }
  std::vector<Track> tracks;
  for (auto& o : open) tracks.push_back(std::move(o.track));
  return tracks;
}

std::vector<int> crops_largest_first(const std::vector<FrameFaces>& frames, const Track& track, int limit) {
  std::vector<std::pair<int, int>> area_and_crop;
  for (const auto& m : track.members) {
    const FaceObservation& face = frames[m.frame].faces[m.face];
    area_and_crop.emplace_back(face.box.area(), face.crop);
  }
  std::stable_sort(area_and_crop.begin(), area_and_crop.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<int> crops;
  for (const auto& [area, crop] : area_and_crop)
    if (static_cast<int>(crops.size()) < limit) crops.push_back(crop);
  return crops;
}

std::set<int> frames_of_track(const Track& track) {
  std::set<int> frames;
  for (const auto& m : track.members) frames.insert(m.frame);
  return frames;
}

bool share_a_frame(const std::set<int>& frames, const Track& track) {
  return std::any_of(track.members.begin(), track.members.end(),
                     [&](const TrackMember& m) { return frames.count(m.frame) > 0; });
}

double descriptor_distance(const FaceDescriptor& a, const FaceDescriptor& b) {
  double sum = 0;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) sum += (a[i] - b[i]) * (a[i] - b[i]);
  return std::sqrt(sum);
}

namespace {

// A set of tracks believed to be one person.
struct Group {
  Track merged;
  std::set<int> frames;  // of merged
  std::optional<FaceDescriptor> descriptor;
  int size = 1;  // tracks in it, to weigh the mean descriptor
  bool alive = true;
};

FaceDescriptor weighted_mean(const FaceDescriptor& a, int wa, const FaceDescriptor& b, int wb) {
  FaceDescriptor mean(a.size());
  for (size_t i = 0; i < a.size(); ++i) mean[i] = (a[i] * wa + b[i] * wb) / static_cast<float>(wa + wb);
  return mean;
}

// The closest pair of live groups that may join, if within `max_distance`.
std::optional<std::pair<size_t, size_t>> closest_joinable(const std::vector<Group>& groups, double max_distance) {
  std::optional<std::pair<size_t, size_t>> best;
  double best_distance = max_distance;
  for (size_t i = 0; i < groups.size(); ++i) {
    if (!groups[i].alive || !groups[i].descriptor) continue;
    for (size_t j = i + 1; j < groups.size(); ++j) {
      if (!groups[j].alive || !groups[j].descriptor) continue;
      double d = descriptor_distance(*groups[i].descriptor, *groups[j].descriptor);
      if (d < best_distance && !share_a_frame(groups[i].frames, groups[j].merged)) best_distance = d, best = {i, j};
    }
  }
  return best;
}

}  // namespace

JoinedTracks join_same_person(const std::vector<Track>& tracks,
                              const std::vector<std::optional<FaceDescriptor>>& descriptors, double max_distance) {
  std::vector<Group> groups;
  for (size_t i = 0; i < tracks.size(); ++i)
    groups.push_back({tracks[i], frames_of_track(tracks[i]), i < descriptors.size() ? descriptors[i] : std::nullopt});
  JoinedTracks out;
  while (auto pair = closest_joinable(groups, max_distance)) {
    Group& keep = groups[pair->first];
    Group& gone = groups[pair->second];
    keep.merged.members.insert(keep.merged.members.end(), gone.merged.members.begin(), gone.merged.members.end());
    keep.frames.insert(gone.frames.begin(), gone.frames.end());
    keep.descriptor = weighted_mean(*keep.descriptor, keep.size, *gone.descriptor, gone.size);
    keep.size += gone.size;
    gone.alive = false;
    ++out.joined;
  }
  for (auto& g : groups) {
    if (!g.alive) continue;
    std::sort(g.merged.members.begin(), g.merged.members.end(),
              [](const TrackMember& a, const TrackMember& b) { return a.frame < b.frame; });
    out.tracks.push_back(std::move(g.merged));
  }
  // Stable: without a join the tracks come out as they went in.
  std::stable_sort(out.tracks.begin(), out.tracks.end(),
                   [](const Track& a, const Track& b) { return a.members.front().frame < b.members.front().frame; });
  for (size_t i = 0; i < out.tracks.size(); ++i) out.tracks[i].id = static_cast<int>(i);
  return out;
}

}  // namespace deeptrace::detect
