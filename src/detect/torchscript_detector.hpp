#pragma once
// Internal: detectors described entirely by a catalogue entry
// (<models_dir>/torchscript_detectors.json): a TorchScript file, its input
// size and normalisation, and how to read its output. Nothing is converted
// here; an entry whose file is absent stays registered and unavailable.
#include <filesystem>
#include <string>
#include <vector>

#include "detect/detector.hpp"

namespace deeptrace::detect {

constexpr const char* kTorchScriptCatalogue = "torchscript_detectors.json";

// Registers every entry of the catalogue under models_dir (a registered name
// is left alone) and returns all registered names.
std::vector<std::string> register_catalogue_detectors(const std::filesystem::path& models_dir);

}  // namespace deeptrace::detect
