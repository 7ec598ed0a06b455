#pragma once
// Internal: how detector scores are fused, from a versioned config file
// (models/ensemble.json, installed beside the converted models) whose
// version every report records.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/job.hpp"

namespace deeptrace::detect {

struct EnsembleConfig {
  std::string version;
  std::map<std::string, double> weights;
  double default_weight = 1.0;
  double fake_threshold = 0.7;  // video score at or above: likely_fake
  double real_threshold = 0.3;  // at or below: likely_real; between: inconclusive
  double trim_fraction = 0.1;   // each side, for a track's trimmed mean
  int min_track_faces = 2;
  int max_faces_per_frame = 4;
  int small_face_px = 64;
  int few_faces = 3;
  double low_bits_per_pixel = 0.02;
  double min_fps = 15, max_fps = 60;  // outside: UNUSUAL_FRAME_RATE
  Json document;  // the file as read, for the report

  // In words, what each detector was trained on ("Deepfakes face swaps"),
  // for the report's explanation; its calibration ("none" while no
  // trustworthy labelled data exists).
  std::map<std::string, std::string> trained_on, calibration;

  // Fusion v2 takes the maximum of its members' scores: a weight is 0 (not a
  // member) or 1, never a share.
  double weight_of(const std::string& detector) const;
  bool is_member(const std::string& detector) const { return weight_of(detector) > 0; }
  std::string trained_on_words(const std::string& detector) const;
};

// Throws Error(MODEL_UNAVAILABLE) if the file is missing or malformed.
EnsembleConfig load_ensemble_config(const std::filesystem::path& file);

// Probabilities are clamped to [1e-4, 1 - 1e-4] so that a saturated model
// (MesoInception often outputs exactly 1) cannot dominate with an infinity.
double to_logit(double probability);
double from_logit(double logit);

// Mean after dropping `fraction` of the values at each end (at least one
// value always remains).
double trimmed_mean(std::vector<double> values, double fraction);

}  // namespace deeptrace::detect
