#include "catalog/model_catalog.hpp"

#include <algorithm>
#include <fstream>

#include "core/errors.hpp"
#include "core/sha256.hpp"

namespace deeptrace::catalog {
namespace {

namespace fs = std::filesystem;

Availability unavailable(std::string reason) { return Availability{false, std::move(reason), ""}; }

const ModelEntry* find_by_name(const std::vector<ModelEntry>& entries, const std::string& name) {
  auto it = std::find_if(entries.begin(), entries.end(), [&](const ModelEntry& e) { return e.name == name; });
  return it == entries.end() ? nullptr : &*it;
}

}  // namespace

Availability check_model_file(const fs::path& models_dir, const Json& entry) {
  if (!entry.is_object() || !entry.contains("torchscript") || !entry["torchscript"].is_string() ||
      entry["torchscript"].get<std::string>().empty())
    return unavailable("its catalogue entry names no TorchScript file");
  fs::path file = models_dir / entry["torchscript"].get<std::string>();
  std::error_code error;
  if (!fs::is_regular_file(file, error))
    return unavailable(file.string() + " is not installed (build the 'models' target)");
  std::string digest;
  try {
    digest = sha256_file_hex(file);
  } catch (const std::exception& e) {
    return unavailable(file.string() + " cannot be read: " + e.what());
  }
  std::string expected = entry.value("torchscript_sha256", "");
  if (!expected.empty() && digest != expected)
    return unavailable(file.string() + " does not match its sha256 in the model catalogue");
  return Availability{true, "", digest};
}

std::string require_model_file(const fs::path& models_dir, const Json& entry) {
  Availability availability = check_model_file(models_dir, entry);
  std::string name = entry.is_object() ? entry.value("name", "?") : "?";
  if (!availability.available)
    throw Error(ErrorCode::MODEL_UNAVAILABLE, "model '" + name + "': " + availability.reason);
  return availability.file_sha256;
}

Json model_card(const Json& entry, const std::string& file_sha256) {
  Json card = entry.value("card", Json::object());
  if (!card.is_object()) card = Json::object();
  for (const char* key : {"name", "architecture", "version", "output", "input_size", "upstream"})
    if (entry.contains(key)) card[key] = entry[key];
  card["weights_sha256"] = entry.value("weights_sha256", file_sha256);
  return card;
}

std::vector<std::string> default_detectors_of(const Json& ensemble_document) {
  std::vector<std::string> names;
  if (!ensemble_document.is_object() || !ensemble_document.contains("weights") ||
      !ensemble_document["weights"].is_object())
    return names;
  for (const auto& [name, weight] : ensemble_document["weights"].items()) names.push_back(name);
  std::sort(names.begin(), names.end());  // already sorted by Json; said here so it holds if that changes
  return names;
}

ModelCatalog ModelCatalog::load(const fs::path& models_dir) {
  ModelCatalog catalog;
  catalog.models_dir_ = models_dir;
  catalog.add_entries(catalog.detectors_, kConvertedDetectorsFile, "detectors");
  catalog.add_entries(catalog.detectors_, kTorchScriptDetectorsFile, "detectors");
  catalog.add_entries(catalog.face_detectors_, kFaceDetectorsFile, "face_detectors");
  catalog.add_entries(catalog.temporal_detectors_, kTemporalDetectorsFile, "temporal_detectors");
  catalog.add_entries(catalog.audio_detectors_, kAudioDetectorsFile, "audio_detectors");
  catalog.ensemble_ = catalog.read_file(kEnsembleFile);
  if (!catalog.ensemble_.is_null() && !catalog.ensemble_.is_object()) {
    catalog.problems_.push_back(std::string(kEnsembleFile) + ": not a JSON object");
    catalog.ensemble_ = nullptr;
  }
  return catalog;
}

// The file's JSON, or null when it is absent or not JSON (the latter noted).
Json ModelCatalog::read_file(const char* file) {
  std::ifstream in(models_dir_ / file);
  if (!in) return nullptr;
  Json document = Json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    problems_.push_back(std::string(file) + ": not valid JSON");
    return nullptr;
  }
  return document;
}

void ModelCatalog::add_entries(std::vector<ModelEntry>& into, const char* file, const char* list) {
  Json document = read_file(file);
  if (document.is_null()) return;
  if (!document.is_object() || !document.contains(list) || !document[list].is_array()) {
    problems_.push_back(std::string(file) + ": no \"" + list + "\" list");
    return;
  }
  for (const Json& entry : document[list]) {
    std::string name = entry.is_object() ? entry.value("name", "") : "";
    if (name.empty()) {
      problems_.push_back(std::string(file) + ": an entry without a name is skipped");
      continue;
    }
    if (find_by_name(into, name)) continue;
    into.push_back(ModelEntry{name, file, entry, check_model_file(models_dir_, entry)});
  }
}

const ModelEntry* ModelCatalog::find_detector(const std::string& name) const { return find_by_name(detectors_, name); }

const ModelEntry* ModelCatalog::find_face_detector(const std::string& name) const {
  return find_by_name(face_detectors_, name);
}

const ModelEntry* ModelCatalog::find_audio_detector(const std::string& name) const {
  return find_by_name(audio_detectors_, name);
}

void require_available_detectors(const ModelCatalog& catalog, const std::vector<std::string>& names) {
  if (catalog.detectors().empty()) return;
  for (const std::string& name : names) {
    const ModelEntry* entry = catalog.find_detector(name);
    if (!entry)
      throw Error(ErrorCode::INVALID_REQUEST, "unknown detector '" + name + "' (GET /api/v1/models lists them)");
    if (!entry->available())
      throw Error(ErrorCode::INVALID_REQUEST,
                  "detector '" + name + "' is not installed on this server: " + entry->availability.reason);
  }
}

}  // namespace deeptrace::catalog
