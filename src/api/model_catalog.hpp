#pragma once
// The model catalogue the API shows: read once at start-up from the files
// the models build step writes (models.json, face_detectors.json,
// ensemble.json) and the catalogue of other TorchScript detectors
// (torchscript_detectors.json). The API never loads a model itself.
#include <filesystem>

#include <nlohmann/json.hpp>

namespace deeptrace::api {

// {"detectors":[{name, available, version, weights_sha256, card, ...}],
//  "face_detectors":[...], "ensemble":{...}}. A detector whose TorchScript
// file is absent is listed with available=false; a missing directory gives
// empty lists.
nlohmann::json load_model_catalog(const std::filesystem::path& models_dir);

}  // namespace deeptrace::api
