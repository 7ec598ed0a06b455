#include "api/model_catalog.hpp"

#include <fstream>

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
    log::warn("no model catalogue found; GET /api/v1/models will list nothing", {{"models_dir", dir.string()}});
  }
  return catalog;
}

}  // namespace deeptrace::api
