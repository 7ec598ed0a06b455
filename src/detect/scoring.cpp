#include "detect/scoring.hpp"

#include <algorithm>

namespace deeptrace::detect {
namespace {

// Fused probability of one crop: the maximum over member detectors.
double crop_fused(const std::vector<DetectorRun>& runs, int crop, const EnsembleConfig& config) {
  std::vector<double> by_detector;
  for (const auto& run : runs) by_detector.push_back(run.scores[crop]);
  return fuse_max(runs, by_detector, config);
}

std::vector<int> crops_of(const Track& track, const std::vector<FrameFaces>& frames) {
  std::vector<int> crops;
  for (const auto& m : track.members) crops.push_back(frames[m.frame].faces[m.face].crop);
  return crops;
}

TrackScore score_track(const Track& track, const std::vector<FrameFaces>& frames, const std::vector<DetectorRun>& runs,
                       const std::vector<double>& crop_fused_scores, const EnsembleConfig& config) {
  TrackScore out;
  std::vector<int> crops = crops_of(track, frames);
  size_t worst = 0;
  for (size_t i = 0; i < crops.size(); ++i)
    if (crop_fused_scores[crops[i]] > crop_fused_scores[crops[worst]]) worst = i;
  out.most_suspicious = track.members[worst];
  // Each detector's track score stays a trimmed mean of its logits: one odd
  // face must not decide a track.
  for (const auto& run : runs) {
    std::vector<double> detector_logits;
    for (int crop : crops) detector_logits.push_back(to_logit(run.scores[crop]));
    out.by_detector.push_back(from_logit(trimmed_mean(detector_logits, config.trim_fraction)));
  }
  out.fake_score = fuse_max(runs, out.by_detector, config);
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

bool every_at_or_below(const std::vector<DetectorScore>& detectors, double bound) {
  return std::all_of(detectors.begin(), detectors.end(), [&](const DetectorScore& d) { return d.fake_score <= bound; });
}

std::optional<std::string> first_of(const std::vector<std::string>& codes) {
  if (codes.empty()) return std::nullopt;
  return codes.front();
}

}  // namespace

report::Disagreement detector_sides(const std::vector<DetectorScore>& detectors, const report::Thresholds& thresholds) {
  report::Disagreement sides;
  for (const auto& d : detectors) {
    if (d.fake_score >= thresholds.likely_fake) sides.flagging.push_back(d.name);
    if (d.fake_score <= thresholds.likely_real) sides.clearing.push_back(d.name);
  }
  return sides;
}

double fuse_max(const std::vector<DetectorRun>& runs, const std::vector<double>& by_detector,
                const EnsembleConfig& config) {
  double fused = 0;
  for (size_t d = 0; d < runs.size() && d < by_detector.size(); ++d)
    if (config.is_member(runs[d].name())) fused = std::max(fused, by_detector[d]);
  return fused;
}

Scores score_media(const std::vector<FrameFaces>& frames, const std::vector<Track>& tracks,
                   const std::vector<DetectorRun>& runs, const EnsembleConfig& config) {
  Scores out;
  size_t crops = runs.empty() ? 0 : runs.front().scores.size();
  for (size_t c = 0; c < crops; ++c) out.crop_ensemble.push_back(crop_fused(runs, static_cast<int>(c), config));
  for (const auto& track : tracks)
    out.tracks.push_back(score_track(track, frames, runs, out.crop_ensemble, config));
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
  // Maxima commute: the deciding track's fused score is also the maximum of
  // the detectors' video scores (each its own most suspicious track).
  return out;
}

Decision decide_verdict(const std::vector<DetectorScore>& detectors, std::optional<double> fused,
                        const report::Thresholds& thresholds, const std::vector<std::string>& out_of_domain) {
  using report::Verdict;
  if (!fused || detectors.empty()) return {Verdict::NotApplicable, "NO_FACE", std::nullopt};
  // A confident verdict outside the detectors' training conditions becomes
  // inconclusive, with the condition as its reason.
  auto confident = [&](Verdict verdict) -> Decision {
    if (auto reason = first_of(out_of_domain)) return {Verdict::Inconclusive, reason, std::nullopt};
    return {verdict, std::nullopt, std::nullopt};
  };
  if (every_at_or_below(detectors, thresholds.likely_real)) return confident(Verdict::LikelyReal);
  report::Disagreement sides = detector_sides(detectors, thresholds);
  // A specialist's "real" only means "not the manipulation I was trained
  // on": it cannot clear what another flags, and cannot be overruled by it.
  if (!sides.flagging.empty() && !sides.clearing.empty())
    return {Verdict::Inconclusive, "DETECTORS_DISAGREE", sides};
  if (*fused >= thresholds.likely_fake) return confident(Verdict::LikelyFake);
  return {Verdict::Inconclusive, first_of(out_of_domain), std::nullopt};
}

Decision decide_section(double fake_score, const report::Thresholds& thresholds,
                        const std::vector<std::string>& out_of_domain) {
  report::Verdict verdict = report::verdict_for(fake_score, thresholds);
  if (verdict == report::Verdict::Inconclusive) return {verdict, std::nullopt, std::nullopt};
  if (auto reason = first_of(out_of_domain)) return {report::Verdict::Inconclusive, reason, std::nullopt};
  return {verdict, std::nullopt, std::nullopt};
}

MediaDecision combine_sections(const std::vector<SectionOutcome>& sections) {
  using report::Verdict;
  MediaDecision out;
  std::optional<std::string> first_unsure_reason;
  bool unsure = false;
  for (const auto& s : sections) {
    if (s.status != report::SectionStatus::Ok || !s.fake_score) continue;
    out.fake_score = std::max(out.fake_score.value_or(0.0), *s.fake_score);
    if (s.verdict == Verdict::LikelyFake) out.sections.flagging.push_back(s.name);
    else if (s.verdict == Verdict::LikelyReal) out.sections.clearing.push_back(s.name);
    else if (!unsure) {
      unsure = true;
      first_unsure_reason = s.reason;
    }
  }
  if (!out.fake_score) {
    out.verdict = Verdict::NotApplicable;
    out.reason = sections.empty() ? std::nullopt : sections.front().reason;
  } else if (!out.sections.flagging.empty() && !out.sections.clearing.empty()) {
    out.verdict = Verdict::Inconclusive;
    out.reason = "SECTIONS_DISAGREE";
  } else if (!out.sections.flagging.empty()) {
    out.verdict = Verdict::LikelyFake;
  } else if (!unsure) {
    out.verdict = Verdict::LikelyReal;
  } else {
    out.verdict = Verdict::Inconclusive;
    out.reason = first_unsure_reason;
  }
  return out;
}

}  // namespace deeptrace::detect
