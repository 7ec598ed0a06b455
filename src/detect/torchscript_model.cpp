#include "detect/torchscript_model.hpp"

#include <ATen/Parallel.h>

#include "catalog/model_catalog.hpp"
#include "core/errors.hpp"

namespace deeptrace::detect {
namespace {

// jit::Module has no to(MemoryFormat): convert the 4-D conv weights in place.
void to_channels_last(torch::jit::script::Module& module) {
  for (torch::Tensor parameter : module.parameters())
    if (parameter.dim() == 4) parameter.set_data(parameter.contiguous(at::MemoryFormat::ChannelsLast));
}

}  // namespace

torch::jit::script::Module load_torchscript(const std::filesystem::path& models_dir, const Json& entry, int threads) {
  catalog::require_model_file(models_dir, entry);
  auto file = models_dir / entry.value("torchscript", "");
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
