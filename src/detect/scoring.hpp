#pragma once
// Internal: from per-crop detector scores to face, track and video scores,
// and from those scores to the verdict (fusion v2, docs/fusion.md).
#include <optional>
#include <string>
#include <vector>

#include "core/job.hpp"
#include "detect/ensemble.hpp"
#include "detect/tracks.hpp"
#include "report/report.hpp"

namespace deeptrace::detect {

struct DetectorRun {
  Json card;                  // name, version, weights_sha256, ...
  std::vector<float> scores;  // fake score per crop
  double ms = 0;

  std::string name() const { return card.value("name", ""); }
};

struct TrackScore {
  double fake_score = 0;           // fused: the maximum of the member detectors' scores
  std::vector<double> by_detector; // same order as the runs; each a trimmed mean of logits
  TrackMember most_suspicious;     // the face shown as its thumbnail
};

struct Scores {
  std::vector<double> crop_ensemble;  // fused fake probability per crop
  std::vector<TrackScore> tracks;     // same order as the tracks
  std::optional<double> video;        // null when no face was classified
  int deciding_track = -1;            // the track the video score comes from
  std::vector<double> video_by_detector;
};

Scores score_media(const std::vector<FrameFaces>& frames, const std::vector<Track>& tracks,
                   const std::vector<DetectorRun>& runs, const EnsembleConfig& config);

// Fusion v2: the maximum of the member detectors' scores (same order as
// runs), so that one detector's low score never lowers another's high one.
// 0 when no detector is a member.
double fuse_max(const std::vector<DetectorRun>& runs, const std::vector<double>& by_detector,
                const EnsembleConfig& config);

struct DetectorScore {
  std::string name;
  double fake_score = 0;
};

struct Decision {
  report::Verdict verdict = report::Verdict::NotApplicable;
  std::optional<std::string> reason;                // NO_FACE, DETECTORS_DISAGREE, an out-of-domain code
  std::optional<report::Disagreement> disagreement; // who flags and who clears, when both exist
};

// Who is confident: the detectors at or above likely_fake (flagging) and
// those at or below likely_real (clearing). Both the verdict rules and the
// explanation read it.
report::Disagreement detector_sides(const std::vector<DetectorScore>& detectors, const report::Thresholds& thresholds);

// The verdict rules of fusion v2 (docs/fusion.md). `detectors`: the member
// detectors' video scores; `fused`: null when no face was scored;
// `out_of_domain`: warning codes that forbid a confident verdict, the first
// one becoming the reason.
Decision decide_verdict(const std::vector<DetectorScore>& detectors, std::optional<double> fused,
                        const report::Thresholds& thresholds, const std::vector<std::string>& out_of_domain);

// One evidence section as the media-level rules read it.
struct SectionOutcome {
  std::string name;  // visual, temporal, audio
  report::SectionStatus status = report::SectionStatus::NotApplicable;
  std::optional<double> fake_score;
  report::Verdict verdict = report::Verdict::NotApplicable;
  std::optional<std::string> reason;
};

struct MediaDecision {
  report::Verdict verdict = report::Verdict::NotApplicable;
  std::optional<std::string> reason;
  std::optional<double> fake_score;  // the maximum of the scored sections'; null when none scored
  report::Disagreement sections;     // sections that flag (likely_fake) and that clear (likely_real)
};

// Fusion v2 across sections (docs/fusion.md): each section first decides on
// its own; only sections that scored (status ok) take part. The media's score
// is their maximum (a manipulated face or voice alone makes manipulated
// media). A section that flags while another clears: inconclusive,
// SECTIONS_DISAGREE (a voice model's "real" cannot clear a face, nor the
// reverse, and none is trusted alone to overrule the other). Otherwise one
// flagging section: likely_fake; every section clearing: likely_real;
// anything else inconclusive with the first unsure section's reason. None
// scored: not_applicable with the first section's reason (NO_FACE ...).
MediaDecision combine_sections(const std::vector<SectionOutcome>& sections);

// A section's own verdict from its score, under the out-of-domain conditions
// that apply to it: a confident verdict becomes inconclusive with the first
// condition as its reason.
Decision decide_section(double fake_score, const report::Thresholds& thresholds,
                        const std::vector<std::string>& out_of_domain);

}  // namespace deeptrace::detect
