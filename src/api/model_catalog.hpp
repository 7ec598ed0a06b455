#pragma once
// The API's view of the model catalogue (src/catalog): read once at start-up
// from the models directory, shown by GET /api/v1/models and used to refuse
// uploads naming detectors no worker can run. The API never loads a model;
// availability is the catalogue's rule, the same one the worker loads by.
#include <filesystem>

#include <nlohmann/json.hpp>

#include "catalog/model_catalog.hpp"

namespace deeptrace::api {

// catalog::ModelCatalog::load, logging each malformed file and an empty
// catalogue (in which case detector names are not checked at upload).
catalog::ModelCatalog load_model_catalog(const std::filesystem::path& models_dir);

// GET /api/v1/models: {"detectors":[catalogue entry + available
// (+ unavailable_reason)], "face_detectors":[...], "default_detectors":[...],
// "ensemble":{...}, "notice"}.
nlohmann::json model_catalog_json(const catalog::ModelCatalog& catalog);

// Throws Error(INVALID_REQUEST) for an unknown or uninstalled detector.
using catalog::require_available_detectors;

}  // namespace deeptrace::api
