#pragma once
// Internal: fills the report (src/report, docs/report.schema.json) from
// per-frame faces, tracks and detector scores.
#include <optional>
#include <string>
#include <vector>

#include "core/job.hpp"
#include "detect/ensemble.hpp"
#include "detect/scoring.hpp"
#include "detect/tracks.hpp"
#include "report/report.hpp"

namespace deeptrace::detect {

struct Timings {
  double open_ms = 0, decode_ms = 0, faces_ms = 0, classify_ms = 0, total_ms = 0;
};

// What decoding met, beyond the media facts, for the warnings.
struct DecodingFacts {
  // Where the frames ran out in a file cut short
  // (media::SampleStats::cut_short_at_s): a TRUNCATED_MEDIA warning.
  std::optional<double> frames_end_s{};
  // Sampled frames that decoded only in part (media::SampleStats::
  // damaged_frames), and frames of the temporal windows that did, of how
  // many (temporal::LandmarkStats): a DAMAGED_FRAMES warning.
  int damaged_frames = 0;
  int damaged_window_frames = 0;
  int window_frames = 0;
  // The video is coded field by field (media::SampleStats::
  // fields_coded_apart): INTERLACED_VIDEO says how it was seen.
  bool fields_coded_apart = false;
  // "PQ" or "HLG" for high dynamic range video (media::SampleStats::
  // hdr_transfer): an HDR_VIDEO warning.
  std::string hdr_transfer{};
};

struct ReportInputs {
  const std::vector<FrameFaces>& frames;
  const std::vector<Track>& tracks;
  const std::vector<DetectorRun>& runs;
  const Scores& scores;
  const EnsembleConfig& ensemble;
  report::FaceDetectorInfo face_detector;
  report::MediaFacts media;
  report::Settings settings;
  std::vector<std::optional<report::ArtifactRef>> thumbnails;  // per track; none without artifact storage
  Timings timings;
  // The other sections, each filled by its own analysis; absent: not run.
  // Their verdicts are set here, under the conditions that apply to each.
  std::optional<report::TemporalEvidence> temporal{};
  std::vector<report::TemporalWindow> temporal_windows{};  // for the timeline
  std::optional<report::AudioEvidence> audio{};
  // Faces of tracks the second face detector did not confirm, removed from
  // `frames` before scoring.
  int faces_set_aside = 0;
  // How tracks of one person were joined; none without a face-recognition model.
  std::optional<report::TrackIdentity> track_identity{};
  // Content Credentials: evidence of its own, beside the detectors.
  std::optional<report::Provenance> provenance{};
  // Per track, the saliency heatmap of its thumbnail's crop; empty (or none
  // per track) without artifact storage or without a detector that gives one.
  std::vector<std::optional<report::TrackSaliency>> saliency{};
  // What decoding met that the warnings tell.
  DecodingFacts decoding{};
};

// The report, its artifacts listed: the thumbnails, the saliency heatmaps and
// `timeline` (when stored).
report::Report build_report(const ReportInputs& in, const std::optional<report::ArtifactRef>& timeline);

// The per-frame timeline (boxes, track ids, scores), stored as an artifact.
report::Timeline build_timeline(const ReportInputs& in);

// One sentence a non-expert can read: who flags and who clears the face, by
// what they were trained on, any out-of-domain condition, and the verdict.
// For the visual section alone; the report's explanation adds the other
// sections (explain_media).
std::string explain(const Decision& decision, const std::vector<DetectorScore>& detectors,
                    const report::Thresholds& thresholds, const std::vector<report::Warning>& out_of_domain,
                    const EnsembleConfig& ensemble);

// The thresholds of an ensemble file, as the report states them.
report::Thresholds thresholds_of(const EnsembleConfig& ensemble);

}  // namespace deeptrace::detect
