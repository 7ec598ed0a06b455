#pragma once
// evidence.temporal and the timeline's temporal_windows from LRNet's block
// scores (docs/temporal.md). Torch-free.
//
// The analyzer calls, once per video job, with the extractor's windows:
//   TemporalOptions options{.weights = "dfo", .threads = 2, .windows_requested = K};
//   TemporalResult temporal = temporal_evidence(windows, models_dir, options);
//   report.evidence.temporal = temporal.section;
//   timeline.temporal_windows = temporal.timeline;
//   report.timings_ms["temporal"] = temporal.ms;  // (landmark extraction is timed by its caller)
#include <filesystem>
#include <string>
#include <vector>

#include "detect/temporal/landmark_window.hpp"
#include "detect/temporal/lrnet.hpp"
#include "report/report.hpp"

namespace deeptrace::detect::temporal {

// Reason codes of the section (docs/report.md).
inline constexpr const char* kNoTrackedWindow = "NO_TRACKED_WINDOW";
inline constexpr const char* kModelUnavailable = "MODEL_UNAVAILABLE";

// Debian libdlib-data's 68-point shape predictor, the landmark model.
inline constexpr const char* kDlibLandmarkModel = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";
inline constexpr const char* kDlibVersion = "19.24";
// How the extractor calibrates and normalises (landmark_window.hpp), in words.
inline constexpr const char* kCalibration =
    "pyramidal Lucas-Kanade optical flow from the previous frame, blended with the detection, then a Kalman "
    "filter per point (OpenCV), as in the LRNet paper; normalised in a fixed square box 1.2 x the mean landmark "
    "extent, scaled to 400 px, then (p - 200) / 200";

struct TemporalOptions {
  std::string weights = kWeightsDeeperForensics;  // the LRNet weight set: ffpp | dfo (docs/temporal.md: why dfo)
  int threads = 2;                              // LibTorch intra-op threads
  int windows_requested = 0;                    // K, the windows the extractor sampled (reported as is)
  report::Thresholds thresholds;
  std::filesystem::path landmark_model = kDlibLandmarkModel;  // hashed once per path for the report
};

struct TemporalResult {
  report::TemporalEvidence section;
  std::vector<report::TemporalWindow> timeline;  // one per scored block, for Timeline::temporal_windows
  double ms = 0;                                 // model loading and scoring
};

// The dlib landmark model as the report names it, its sha256 computed once
// per path (the file is about 100 MB) and empty when the file is absent.
report::LandmarkInfo landmark_info(const std::filesystem::path& landmark_model);

// The whole section: loads the weight set from models_dir and scores every
// window. Never throws for a missing model: the section is then unavailable
// (MODEL_UNAVAILABLE); no window long enough to score makes it
// not_applicable (NO_TRACKED_WINDOW). Inference errors propagate as Error.
TemporalResult temporal_evidence(const std::vector<LandmarkWindow>& windows, const std::filesystem::path& models_dir,
                                 const TemporalOptions& options);

// The same with a scorer already loaded (kept across jobs by a worker).
TemporalResult temporal_evidence(const std::vector<LandmarkWindow>& windows, const LrnetScorer& scorer,
                                 const TemporalOptions& options);

// From scores to the section, no model involved. Windows are grouped into
// tracks by their track id; windows with id -1 (no visual track matched) are
// each a track of their own, since nothing says they show the same face. A
// track's score is the mean of its block scores; the section's is the
// maximum over tracks (the most suspicious face, as in the visual section).
TemporalResult build_temporal_evidence(const LrnetRun& run, const TemporalOptions& options);

// A section that says why it has no score (status and reason).
report::TemporalEvidence temporal_section_without_score(report::SectionStatus status, const std::string& reason,
                                                        const TemporalOptions& options);

}  // namespace deeptrace::detect::temporal
