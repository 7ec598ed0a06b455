#pragma once
// Internal, and only for the translation units that run models: loading a
// converted TorchScript file named by a catalogue entry (models.json,
// face_detectors.json), checked against its recorded sha256.
#include <filesystem>

#include <torch/script.h>

#include "core/job.hpp"

namespace deeptrace::detect {

// <models_dir>/<entry.torchscript>.
std::filesystem::path torchscript_path(const std::filesystem::path& models_dir, const Json& entry);

// Whether `entry` names a TorchScript file that exists under models_dir.
bool torchscript_present(const std::filesystem::path& models_dir, const Json& entry);

// Loads, verifies the sha256, sets eval mode, moves 4-D weights to
// channels_last (3x faster convolutions here, see shared/notes/performance.md)
// and sets the intra-op thread count. Throws Error(MODEL_UNAVAILABLE).
torch::jit::script::Module load_torchscript(const std::filesystem::path& models_dir, const Json& entry, int threads);

}  // namespace deeptrace::detect
