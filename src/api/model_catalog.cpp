#include "api/model_catalog.hpp"

#include "core/log.hpp"

namespace deeptrace::api {
namespace {

using nlohmann::json;

// Each entry as its catalogue file writes it, with the catalogue's verdict.
json entries_with_availability(const std::vector<catalog::ModelEntry>& models) {
  json out = json::array();
  for (const auto& model : models) {
    json entry = model.entry;
    entry["available"] = model.available();
    if (!model.available()) entry["unavailable_reason"] = model.availability.reason;
    out.push_back(std::move(entry));
  }
  return out;
}

}  // namespace

catalog::ModelCatalog load_model_catalog(const std::filesystem::path& dir) {
  catalog::ModelCatalog models = catalog::ModelCatalog::load(dir);
  for (const std::string& problem : models.problems())
    log::warn("model catalogue file is malformed", {{"models_dir", dir.string()}, {"problem", problem}});
  if (models.detectors().empty()) {
    log::warn("no model catalogue found; GET /api/v1/models will list nothing and detector names are not "
              "checked at upload", {{"models_dir", dir.string()}});
  }
  return models;
}

json model_catalog_json(const catalog::ModelCatalog& models) {
  return {{"detectors", entries_with_availability(models.detectors())},
          {"face_detectors", entries_with_availability(models.face_detectors())},
          {"temporal_detectors", entries_with_availability(models.temporal_detectors())},
          {"audio_detectors", entries_with_availability(models.audio_detectors())},
          {"default_detectors", models.default_detectors()},
          {"ensemble", models.ensemble()},
          {"notice", "Scores are estimates from detectors with known limits (see each model card), not proof."}};
}

}  // namespace deeptrace::api
