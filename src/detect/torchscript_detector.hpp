#pragma once
// Internal: detectors described entirely by a catalogue entry (models.json
// for the converted MesoNets, torchscript_detectors.json for the others): a
// TorchScript file, its input size and normalisation, and how to read its
// output. Nothing is converted
// here; an entry whose file is absent stays registered and unavailable.
#include <filesystem>
#include <string>
#include <vector>

#include "detect/detector.hpp"

namespace deeptrace::detect {

constexpr const char* kTorchScriptCatalogue = "torchscript_detectors.json";

// Where a detector's entry lives: (models_dir, name) -> entry or null.
using CatalogueLookup = Json (*)(const std::filesystem::path&, const std::string&);

// A detector run by the generic TorchScript detector from the entry that
// `lookup` finds: the converted MesoNets (models.json) and the catalogue's.
DetectorEntry torchscript_detector_entry(const std::string& name, CatalogueLookup lookup);

// Registers every entry of the catalogue under models_dir (a registered name
// is left alone) and returns all registered names.
std::vector<std::string> register_catalogue_detectors(const std::filesystem::path& models_dir);

}  // namespace deeptrace::detect
