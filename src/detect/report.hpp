#pragma once
// Internal: the analysis report document, built from per-frame faces, tracks
// and detector scores.
#include <string>
#include <vector>

#include "core/job.hpp"
#include "detect/ensemble.hpp"
#include "detect/scoring.hpp"
#include "detect/tracks.hpp"

namespace deeptrace::detect {

struct Timings {
  double open_ms = 0, decode_ms = 0, faces_ms = 0, classify_ms = 0, total_ms = 0;
};

struct ReportInputs {
  const std::vector<FrameFaces>& frames;
  const std::vector<Track>& tracks;
  const std::vector<DetectorRun>& runs;  // the first is the primary detector
  const Scores& scores;
  const EnsembleConfig& ensemble;
  Json face_detector;       // info() of the face detector
  Json media;               // media facts
  Json settings;            // frames requested/used, versions, thresholds...
  std::vector<Json> thumbnails;  // per track: artifact reference or null
  Timings timings;
};

Json build_report(const ReportInputs& in);

// The per-frame timeline (boxes, track ids, scores), also stored as an artifact.
Json build_timeline(const ReportInputs& in);

}  // namespace deeptrace::detect
