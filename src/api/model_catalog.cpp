#include "api/model_catalog.hpp"

#include <fstream>

#include "core/errors.hpp"
#include "core/log.hpp"

namespace deeptrace::api {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json read_json(const fs::path& file) {
  std::ifstream in(file);
  if (!in) return nullptr;
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    log::warn("model catalogue file is not valid JSON", {{"file", file.string()}, {"error", e.what()}});
    return nullptr;
  }
}

// Each entry, with availability judged by its TorchScript file being there.
json with_availability(const json& entries, const fs::path& dir) {
  json out = json::array();
  if (!entries.is_array()) return out;
  for (json entry : entries) {
    std::string file = entry.value("torchscript", "");
    entry["available"] = !file.empty() && fs::is_regular_file(dir / file);
    out.push_back(std::move(entry));
  }
  return out;
}

json entries_of(const json& file, const char* list) {
  json entries = file.is_object() ? file.value(list, json::array()) : json::array();
  return entries.is_array() ? entries : json::array();
}

const json* find_detector(const json& detectors, const std::string& name) {
  for (const json& entry : detectors) {
    if (entry.value("name", "") == name) return &entry;
  }
  return nullptr;
}

}  // namespace

json load_model_catalog(const fs::path& dir) {
  json detectors = entries_of(read_json(dir / "models.json"), "detectors");
  for (const json& extra : entries_of(read_json(dir / "torchscript_detectors.json"), "detectors")) detectors.push_back(extra);
  json faces = read_json(dir / "face_detectors.json");
  json ensemble = read_json(dir / "ensemble.json");
  json catalog = {
      {"detectors", with_availability(detectors, dir)},
      {"face_detectors", with_availability(entries_of(faces, "face_detectors"), dir)},
      {"ensemble", ensemble},
      {"notice", "Scores are estimates from detectors with known limits (see each model card), not proof."}};
  if (catalog["detectors"].empty()) {
    log::warn("no model catalogue found; GET /api/v1/models will list nothing and detector names are not "
              "checked at upload", {{"models_dir", dir.string()}});
  }
  return catalog;
}

void require_available_detectors(const json& catalog, const std::vector<std::string>& names) {
  const json& detectors = catalog.at("detectors");
  if (detectors.empty()) return;
  for (const std::string& name : names) {
    const json* entry = find_detector(detectors, name);
    if (!entry) {
      throw Error(ErrorCode::INVALID_REQUEST, "unknown detector '" + name + "' (GET /api/v1/models lists them)");
    }
    if (!entry->value("available", false)) {
      throw Error(ErrorCode::INVALID_REQUEST,
                  "detector '" + name + "' is not installed on this server (its weights are missing)");
    }
  }
}

}  // namespace deeptrace::api
