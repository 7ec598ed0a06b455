#pragma once
// Internal, and only for the translation units that run models: loading a
// converted TorchScript file named by a catalogue entry (models.json,
// torchscript_detectors.json, face_detectors.json). Whether the file may be
// loaded is the catalogue's rule (catalog::check_model_file), not decided here.
#include <filesystem>
#include <string>

#include <torch/script.h>

#include "core/job.hpp"

namespace deeptrace::detect {

// Checks the file with catalog::require_model_file, loads it, sets eval mode,
// moves 4-D weights to channels_last (3x faster convolutions here, see
// shared/notes/performance.md) and sets the intra-op thread count. Throws
// Error(MODEL_UNAVAILABLE).
torch::jit::script::Module load_torchscript(const std::filesystem::path& models_dir, const Json& entry, int threads,
                                            const torch::Device& device = torch::kCPU);

// The device named by a DetectorContext's `device` ("cpu", "cuda", "cuda:1").
// Throws Error(MODEL_UNAVAILABLE) for a name LibTorch does not know, and for
// a CUDA device this build or this machine does not have.
torch::Device torch_device(const std::string& name);

}  // namespace deeptrace::detect
