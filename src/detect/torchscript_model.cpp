#include "detect/torchscript_model.hpp"

#include <ATen/Parallel.h>

#include "core/errors.hpp"
#include "core/sha256.hpp"

namespace deeptrace::detect {
namespace {

void verify_checksum(const std::filesystem::path& file, const Json& entry) {
  std::string expected = entry.value("torchscript_sha256", "");
  if (!expected.empty() && sha256_file_hex(file) != expected)
    throw Error(ErrorCode::MODEL_UNAVAILABLE, file.string() + " does not match its sha256 in the model catalogue");
}

// jit::Module has no to(MemoryFormat): convert the 4-D conv weights in place.
void to_channels_last(torch::jit::script::Module& module) {
  for (torch::Tensor parameter : module.parameters())
    if (parameter.dim() == 4) parameter.set_data(parameter.contiguous(at::MemoryFormat::ChannelsLast));
}

}  // namespace

std::filesystem::path torchscript_path(const std::filesystem::path& models_dir, const Json& entry) {
  return models_dir / entry.value("torchscript", "");
}

bool torchscript_present(const std::filesystem::path& models_dir, const Json& entry) {
  return entry.is_object() && entry.contains("torchscript") &&
         std::filesystem::is_regular_file(torchscript_path(models_dir, entry));
}

torch::jit::script::Module load_torchscript(const std::filesystem::path& models_dir, const Json& entry, int threads) {
  if (!torchscript_present(models_dir, entry))
    throw Error(ErrorCode::MODEL_UNAVAILABLE, "model '" + entry.value("name", std::string("?")) + "' is not installed in " +
                                                  models_dir.string() + " (build the 'models' target)");
  auto file = torchscript_path(models_dir, entry);
  verify_checksum(file, entry);
  at::set_num_threads(std::max(1, threads));
  torch::jit::script::Module module;
  try {
    module = torch::jit::load(file.string(), torch::kCPU);
  } catch (const c10::Error& e) {
    throw Error(ErrorCode::MODEL_UNAVAILABLE, "cannot load " + file.string() + ": " + e.what_without_backtrace());
  }
  module.eval();
  to_channels_last(module);
  return module;
}

}  // namespace deeptrace::detect
