#include "detect/report.hpp"

#include <algorithm>
#include <numeric>

namespace deeptrace::detect {
namespace {

constexpr const char* kDisclaimer =
    "Scores are statistical estimates from MesoNet, a small 2018 model trained on 2018-era "
    "deepfakes; it generalises poorly to modern or heavily compressed manipulations. A score is "
    "not certainty and must not be used alone as proof that a video is real or fake.";

double mean(const std::vector<float>& values) {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double median(std::vector<float> values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

Json detector_summary(const DetectorRun& run) {
  Json summary = {{"name", run.card.value("name", "")},
                  {"version", run.card.value("version", "")},
                  {"weights_sha256", run.card.value("weights_sha256", "")},
                  {"fake_score", nullptr}, {"median_fake_score", nullptr}, {"ms", run.ms}};
  if (!run.scores.empty()) {
    summary["fake_score"] = mean(run.scores);
    summary["median_fake_score"] = median(run.scores);
    summary["verdict"] = verdict_for(mean(run.scores));
  }
  return summary;
}

Json per_frame_entry(const FrameFaces& frame, const std::vector<DetectorRun>& runs) {
  Json entry = {{"t", frame.t}, {"faces", frame.faces}, {"fake_score", nullptr}};
  if (frame.crop < 0) return entry;
  entry["fake_score"] = runs.front().scores[frame.crop];
  Json by_detector = Json::object();
  for (const auto& run : runs) by_detector[run.card.value("name", "")] = run.scores[frame.crop];
  entry["scores"] = by_detector;
  return entry;
}

}  // namespace

std::string verdict_for(double fake_score) {
  if (fake_score >= kFakeThreshold) return "likely_fake";
  if (fake_score <= kRealThreshold) return "likely_real";
  return "inconclusive";
}

Json build_report(const std::vector<FrameFaces>& frames, const std::vector<DetectorRun>& runs,
                  const std::string& face_detector, const Timings& timings) {
  Json report;
  int faces_found = 0, classified = 0;
  Json per_frame = Json::array();
  for (const auto& frame : frames) {
    faces_found += frame.faces;
    classified += frame.crop >= 0 ? 1 : 0;
    per_frame.push_back(per_frame_entry(frame, runs));
  }
  const auto& primary = runs.front();
  bool scored = !primary.scores.empty();
  report["verdict"] = scored ? verdict_for(mean(primary.scores)) : "not_applicable";
  if (!scored) report["reason"] = "NO_FACE";
  report["fake_score"] = scored ? Json(mean(primary.scores)) : Json(nullptr);
  report["aggregate"] = "mean of the primary detector's scores over the largest face of each frame";
  report["frames_analyzed"] = frames.size();
  report["faces_found"] = faces_found;
  report["faces_classified"] = classified;
  report["per_frame"] = per_frame;
  report["detector"] = {{"name", primary.card.value("name", "")}, {"version", primary.card.value("version", "")},
                        {"weights_sha256", primary.card.value("weights_sha256", "")}};
  report["detectors"] = Json::array();
  for (const auto& run : runs) report["detectors"].push_back(detector_summary(run));
  report["face_detector"] = face_detector;
  report["thresholds"] = {{"fake", kFakeThreshold}, {"real", kRealThreshold}};
  report["timings_ms"] = {{"decode", timings.decode_ms}, {"faces", timings.faces_ms},
                          {"classify", timings.classify_ms}, {"total", timings.total_ms}};
  report["disclaimer"] = kDisclaimer;
  return report;
}

}  // namespace deeptrace::detect
