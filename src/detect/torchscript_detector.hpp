#pragma once
// Internal: detectors described entirely by a catalogue entry (models.json
// for the converted MesoNets, torchscript_detectors.json for the others): a
// TorchScript file, its input size and normalisation, and how to read its
// output. Nothing is converted here; an entry whose file is absent stays
// registered and unavailable.
#include <filesystem>
#include <string>
#include <vector>

#include "catalog/model_catalog.hpp"
#include "detect/detector.hpp"

namespace deeptrace::detect {

constexpr const char* kTorchScriptCatalogue = catalog::kTorchScriptDetectorsFile;

// Creates the detector `name` from the catalogue of the context's models dir
// with the generic TorchScript detector. Throws Error(MODEL_UNAVAILABLE) when
// that catalogue does not list it or its file is unusable.
std::unique_ptr<Detector> make_torchscript_detector(const std::string& name, const DetectorContext& context);

// Registers every detector the catalogue lists (a registered name is left
// alone) and returns all registered names.
std::vector<std::string> register_catalogue_detectors(const catalog::ModelCatalog& catalog);
std::vector<std::string> register_catalogue_detectors(const std::filesystem::path& models_dir);

}  // namespace deeptrace::detect
