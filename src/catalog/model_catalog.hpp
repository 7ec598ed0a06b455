#pragma once
// The model catalogue: the one place that reads what a models directory
// holds and decides what can run. Torch-free, so the API (which never loads
// a model) and the worker (which does) answer from the same rules.
//
// A models directory (build/models, written by the `models` target) holds:
//   models.json                 converted detectors {"detectors": [...]}
//   torchscript_detectors.json  other TorchScript detectors {"detectors": [...]}
//   face_detectors.json         face detector models {"face_detectors": [...]}
//   temporal_detectors.json     LRNet landmark-motion models {"temporal_detectors": [...]}
//   audio_detectors.json        voice-spoof models (AASIST) {"audio_detectors": [...]}
//   ensemble.json               fusion weights and thresholds
// Each entry names its TorchScript file ("torchscript") and may record that
// file's digest ("torchscript_sha256").
#include <filesystem>
#include <string>
#include <vector>

#include "core/job.hpp"

namespace deeptrace::catalog {

// The catalogue file names, relative to the models directory.
inline constexpr const char* kConvertedDetectorsFile = "models.json";
inline constexpr const char* kTorchScriptDetectorsFile = "torchscript_detectors.json";
inline constexpr const char* kFaceDetectorsFile = "face_detectors.json";
inline constexpr const char* kTemporalDetectorsFile = "temporal_detectors.json";
inline constexpr const char* kAudioDetectorsFile = "audio_detectors.json";
inline constexpr const char* kEnsembleFile = "ensemble.json";

// Whether an entry's model file can be loaded, and if not, why.
struct Availability {
  bool available = false;
  std::string reason;       // empty when available, else for people to read
  std::string file_sha256;  // the file's digest, when the file is there
};

// THE availability rule, used by the API's listing, upload validation and the
// worker's loader alike: the entry names a TorchScript file, the file is
// present under models_dir, and its sha256 equals "torchscript_sha256" when
// the entry records one.
Availability check_model_file(const std::filesystem::path& models_dir, const Json& entry);

// check_model_file, throwing Error(MODEL_UNAVAILABLE) with the reason.
// Returns the file's sha256.
std::string require_model_file(const std::filesystem::path& models_dir, const Json& entry);

// The card people and reports see: the entry's "card" plus name,
// architecture, version, output, input_size and upstream, and weights_sha256:
// the upstream weights' digest where recorded (converted models), else the
// TorchScript file's own (`file_sha256`), so a result can be matched to it.
Json model_card(const Json& entry, const std::string& file_sha256);

struct ModelEntry {
  std::string name;
  std::string source;  // the catalogue file that lists it
  Json entry;          // as the catalogue file writes it
  Availability availability;

  bool available() const { return availability.available; }
  Json card() const { return model_card(entry, availability.file_sha256); }
};

// The default detector set: the keys of the ensemble document's "weights",
// sorted by name (nlohmann::json keeps object keys sorted, and so does the
// fusion config). Empty when the document has no weights object.
std::vector<std::string> default_detectors_of(const Json& ensemble_document);

class ModelCatalog {
 public:
  // Reads every catalogue file under models_dir and checks each entry's file
  // (hashing it). Never throws: a missing file lists nothing, a malformed one
  // lists nothing and is named in problems().
  static ModelCatalog load(const std::filesystem::path& models_dir);

  const std::filesystem::path& models_dir() const { return models_dir_; }
  // Deepfake detectors: models.json's, then torchscript_detectors.json's
  // (the first entry wins when a name appears twice).
  const std::vector<ModelEntry>& detectors() const { return detectors_; }
  const std::vector<ModelEntry>& face_detectors() const { return face_detectors_; }
  // Models that score landmark motion (LRNet g1/g2 per weight set; entries
  // carry "weights" and "stream"). Not deepfake detectors of face crops.
  const std::vector<ModelEntry>& temporal_detectors() const { return temporal_detectors_; }
  const ModelEntry* find_detector(const std::string& name) const;
  const ModelEntry* find_face_detector(const std::string& name) const;
  // Voice-spoof models for the audio section (aasist, aasist_l).
  const std::vector<ModelEntry>& audio_detectors() const { return audio_detectors_; }
  const ModelEntry* find_audio_detector(const std::string& name) const;
  // The ensemble file as read, or null when absent or malformed.
  const Json& ensemble() const { return ensemble_; }
  std::vector<std::string> default_detectors() const { return default_detectors_of(ensemble_); }
  // "<file>: <what is wrong>" for each catalogue file that could not be read.
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::filesystem::path models_dir_;
  std::vector<ModelEntry> detectors_;
  std::vector<ModelEntry> face_detectors_;
  std::vector<ModelEntry> temporal_detectors_;
  std::vector<ModelEntry> audio_detectors_;
  Json ensemble_;
  std::vector<std::string> problems_;

  Json read_file(const char* file);
  void add_entries(std::vector<ModelEntry>& into, const char* file, const char* list);
};

// Throws Error(INVALID_REQUEST) naming the first of `names` the catalogue
// does not list, or lists without a usable file: refused up front (at upload,
// at worker start-up) rather than failed later. With no detectors catalogued
// at all (no models directory) nothing is checked.
void require_available_detectors(const ModelCatalog& catalog, const std::vector<std::string>& names);

}  // namespace deeptrace::catalog
