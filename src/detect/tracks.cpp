#include "detect/tracks.hpp"

#include <cmath>

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

}  // namespace deeptrace::detect
