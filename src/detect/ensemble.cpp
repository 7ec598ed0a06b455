#include "detect/ensemble.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <numeric>

#include "core/errors.hpp"

namespace deeptrace::detect {
namespace {

constexpr double kEpsilon = 1e-4;

EnsembleConfig from_document(const Json& doc) {
  EnsembleConfig c;
  c.document = doc;
  c.version = doc.at("version").get<std::string>();
  const Json weights = doc.value("weights", Json::object());  // named: items() must not outlive it
  for (const auto& [name, weight] : weights.items()) c.weights[name] = weight.get<double>();
  c.default_weight = doc.value("default_weight", c.default_weight);
  const Json detectors = doc.value("detectors", Json::object());
  for (const auto& [name, detector] : detectors.items()) {
    if (detector.contains("trained_on")) c.trained_on[name] = detector.at("trained_on").get<std::string>();
    c.calibration[name] = detector.value("calibration", "none");
  }
  c.fake_threshold = doc.at("thresholds").at("likely_fake").get<double>();
  c.real_threshold = doc.at("thresholds").at("likely_real").get<double>();
  c.trim_fraction = doc.value("track_trim_fraction", c.trim_fraction);
  c.min_track_faces = doc.value("min_track_faces", c.min_track_faces);
  c.max_faces_per_frame = doc.value("max_faces_per_frame", c.max_faces_per_frame);
  Json warnings = doc.value("warnings", Json::object());
  c.small_face_px = warnings.value("small_face_px", c.small_face_px);
  c.few_faces = warnings.value("few_faces", c.few_faces);
  c.low_bits_per_pixel = warnings.value("low_bits_per_pixel", c.low_bits_per_pixel);
  c.min_fps = warnings.value("min_fps", c.min_fps);
  c.max_fps = warnings.value("max_fps", c.max_fps);
  return c;
}

}  // namespace

double EnsembleConfig::weight_of(const std::string& detector) const {
  auto it = weights.find(detector);
  return it == weights.end() ? default_weight : it->second;
}

std::string EnsembleConfig::trained_on_words(const std::string& detector) const {
  auto it = trained_on.find(detector);
  return it == trained_on.end() ? "an unstated manipulation (" + detector + ")" : it->second;
}

EnsembleConfig load_ensemble_config(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw Error(ErrorCode::MODEL_UNAVAILABLE, "ensemble config not found: " + file.string() + " (build the 'models' target)");
  try {
    EnsembleConfig config = from_document(Json::parse(in));
    if (!(config.real_threshold < config.fake_threshold))
      throw Error(ErrorCode::MODEL_UNAVAILABLE, file.string() + ": likely_real must be below likely_fake");
    return config;
  } catch (const Json::exception& e) {
    throw Error(ErrorCode::MODEL_UNAVAILABLE, "invalid ensemble config " + file.string() + ": " + e.what());
  }
}

double to_logit(double probability) {
  double p = std::clamp(probability, kEpsilon, 1.0 - kEpsilon);
  return std::log(p / (1.0 - p));
}

double from_logit(double logit) { return 1.0 / (1.0 + std::exp(-logit)); }

double trimmed_mean(std::vector<double> values, double fraction) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  auto drop = static_cast<size_t>(std::floor(values.size() * std::clamp(fraction, 0.0, 0.49)));
  auto first = values.begin() + static_cast<long>(drop), last = values.end() - static_cast<long>(drop);
  return std::accumulate(first, last, 0.0) / static_cast<double>(last - first);
}

}  // namespace deeptrace::detect
