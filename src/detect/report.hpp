#pragma once
// Internal: the analysis report document, built from per-frame results.
#include <string>
#include <vector>

#include "core/job.hpp"

namespace deeptrace::detect {

constexpr double kFakeThreshold = 0.7;  // mean fake score at or above: likely_fake
constexpr double kRealThreshold = 0.3;  // at or below: likely_real

struct FrameFaces {
  double t = 0;
  int faces = 0;
  int crop = -1;  // index into the classified crops; -1 when no face
};

struct DetectorRun {
  Json card;                  // name, version, weights_sha256, ...
  std::vector<float> scores;  // fake score per crop
  double ms = 0;
};

struct Timings {
  double decode_ms = 0, faces_ms = 0, classify_ms = 0, total_ms = 0;
};

std::string verdict_for(double fake_score);

// The first run is the primary detector: its mean decides the verdict.
Json build_report(const std::vector<FrameFaces>& frames, const std::vector<DetectorRun>& runs,
                  const std::string& face_detector, const Timings& timings);

}  // namespace deeptrace::detect
