#pragma once
// Internal: from per-crop detector scores to face, track and video scores.
#include <optional>
#include <string>
#include <vector>

#include "core/job.hpp"
#include "detect/ensemble.hpp"
#include "detect/tracks.hpp"

namespace deeptrace::detect {

struct DetectorRun {
  Json card;                  // name, version, weights_sha256, ...
  std::vector<float> scores;  // fake score per crop
  double ms = 0;
};

struct TrackScore {
  double fake_score = 0;           // ensemble, from the trimmed mean of logits
  std::vector<double> by_detector; // same order as the runs
  TrackMember most_suspicious;     // the face shown as its thumbnail
};

struct Scores {
  std::vector<double> crop_ensemble;  // ensemble fake probability per crop
  std::vector<TrackScore> tracks;     // same order as the tracks
  std::optional<double> video;        // null when no face was classified
  int deciding_track = -1;            // the track the video score comes from
  std::vector<double> video_by_detector;
};

Scores score_media(const std::vector<FrameFaces>& frames, const std::vector<Track>& tracks,
                   const std::vector<DetectorRun>& runs, const EnsembleConfig& config);

}  // namespace deeptrace::detect
