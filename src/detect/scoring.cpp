#include "detect/scoring.hpp"

namespace deeptrace::detect {
namespace {

double ensemble_logit(const std::vector<DetectorRun>& runs, int crop, const EnsembleConfig& config) {
  double sum = 0, weights = 0;
  for (const auto& run : runs) {
    double w = config.weight_of(run.card.value("name", ""));
    sum += w * to_logit(run.scores[crop]);
    weights += w;
  }
  return weights > 0 ? sum / weights : 0;
}

std::vector<int> crops_of(const Track& track, const std::vector<FrameFaces>& frames) {
  std::vector<int> crops;
  for (const auto& m : track.members) crops.push_back(frames[m.frame].faces[m.face].crop);
  return crops;
}

TrackScore score_track(const Track& track, const std::vector<FrameFaces>& frames, const std::vector<DetectorRun>& runs,
                       const std::vector<double>& crop_logits, const EnsembleConfig& config) {
  TrackScore out;
  std::vector<int> crops = crops_of(track, frames);
  std::vector<double> logits;
  size_t worst = 0;
  for (size_t i = 0; i < crops.size(); ++i) {
    logits.push_back(crop_logits[crops[i]]);
    if (logits[i] > logits[worst]) worst = i;
  }
  out.fake_score = from_logit(trimmed_mean(logits, config.trim_fraction));
  out.most_suspicious = track.members[worst];
  for (const auto& run : runs) {
    std::vector<double> detector_logits;
    for (int crop : crops) detector_logits.push_back(to_logit(run.scores[crop]));
    out.by_detector.push_back(from_logit(trimmed_mean(detector_logits, config.trim_fraction)));
  }
  return out;
}

// Tracks long enough to be trusted; all tracks when none is.
std::vector<size_t> eligible_tracks(const std::vector<Track>& tracks, const EnsembleConfig& config) {
  std::vector<size_t> eligible;
  for (size_t i = 0; i < tracks.size(); ++i)
    if (static_cast<int>(tracks[i].members.size()) >= config.min_track_faces) eligible.push_back(i);
  if (eligible.empty())
    for (size_t i = 0; i < tracks.size(); ++i) eligible.push_back(i);
  return eligible;
}

}  // namespace

Scores score_media(const std::vector<FrameFaces>& frames, const std::vector<Track>& tracks,
                   const std::vector<DetectorRun>& runs, const EnsembleConfig& config) {
  Scores out;
  size_t crops = runs.empty() ? 0 : runs.front().scores.size();
  std::vector<double> logits;
  for (size_t c = 0; c < crops; ++c) {
    logits.push_back(ensemble_logit(runs, static_cast<int>(c), config));
    out.crop_ensemble.push_back(from_logit(logits.back()));
  }
  for (const auto& track : tracks) out.tracks.push_back(score_track(track, frames, runs, logits, config));
  if (tracks.empty() || crops == 0) return out;
  // The most suspicious track decides: one manipulated face among innocent
  // ones must not be averaged away.
  out.video_by_detector.assign(runs.size(), 0.0);
  for (size_t i : eligible_tracks(tracks, config)) {
    if (out.deciding_track < 0 || out.tracks[i].fake_score > *out.video) {
      out.video = out.tracks[i].fake_score;
      out.deciding_track = static_cast<int>(i);
    }
    for (size_t d = 0; d < runs.size(); ++d)
      out.video_by_detector[d] = std::max(out.video_by_detector[d], out.tracks[i].by_detector[d]);
  }
  return out;
}

}  // namespace deeptrace::detect
