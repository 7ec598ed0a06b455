#pragma once
// The model catalogue the API shows: read once at start-up from the files
// the models build step writes (models.json, face_detectors.json,
// ensemble.json) and the catalogue of other TorchScript detectors
// (torchscript_detectors.json). The API never loads a model itself.
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace deeptrace::api {

// {"detectors":[{name, available, version, weights_sha256, card, ...}],
//  "face_detectors":[...], "ensemble":{...}}. A detector whose TorchScript
// file is absent is listed with available=false; a missing directory gives
// empty lists.
nlohmann::json load_model_catalog(const std::filesystem::path& models_dir);

// Throws Error(INVALID_REQUEST) naming the first of `names` the catalogue
// does not list, or lists without its weights installed: refused at upload,
// not accepted and failed by a worker later. With an empty catalogue (no
// models directory) nothing is checked: the workers' catalogue decides.
void require_available_detectors(const nlohmann::json& catalog, const std::vector<std::string>& names);

}  // namespace deeptrace::api
