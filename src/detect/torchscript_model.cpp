#include "detect/torchscript_model.hpp"

#include <optional>

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <torch/cuda.h>

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

bool cuda_available() { return torch::cuda::is_available(); }

torch::Device torch_device(const std::string& name) {
  std::optional<torch::Device> device;
  try {
    device.emplace(name);
  } catch (const c10::Error&) {
    throw Error(ErrorCode::MODEL_UNAVAILABLE, "device '" + name + "' is not a LibTorch device (cpu, cuda, cuda:N)");
  }
  if (device->is_cpu()) return *device;
  if (!device->is_cuda())
    throw Error(ErrorCode::MODEL_UNAVAILABLE, "device '" + name + "': only cpu and cuda devices are supported");
  if (!torch::cuda::is_available())
    throw Error(ErrorCode::MODEL_UNAVAILABLE,
                "device '" + name + "': this LibTorch build or this machine has no CUDA (build with "
                "-DDEEPTRACE_TORCH_CUDA=ON against a CUDA LibTorch, on a machine with an NVIDIA GPU)");
  if (device->has_index() && device->index() >= static_cast<int>(torch::cuda::device_count()))
    throw Error(ErrorCode::MODEL_UNAVAILABLE, "device '" + name + "': this machine has " +
                                                  std::to_string(torch::cuda::device_count()) + " CUDA device(s)");
  // Full float32 on the GPU too. PyTorch lets cuDNN's convolutions round
  // their inputs to TF32 (a 10-bit mantissa) by default, which would make a
  // score depend on where it ran by more than rounding (on an H200 the
  // scores stayed within 4.2e-7 of the CPU's without it; TF32's speed was
  // not measured).
  at::globalContext().setAllowTF32CuDNN(false);
  at::globalContext().setAllowTF32CuBLAS(false);
  return *device;
}

torch::jit::script::Module load_torchscript(const std::filesystem::path& models_dir, const Json& entry, int threads,
                                            const torch::Device& device) {
  catalog::require_model_file(models_dir, entry);
  auto file = models_dir / entry.value("torchscript", "");
  at::set_num_threads(std::max(1, threads));
  torch::jit::script::Module module;
  try {
    module = torch::jit::load(file.string(), device);
  } catch (const c10::Error& e) {
    throw Error(ErrorCode::MODEL_UNAVAILABLE, "cannot load " + file.string() + ": " + e.what_without_backtrace());
  }
  module.eval();
  to_channels_last(module);
  return module;
}

}  // namespace deeptrace::detect
