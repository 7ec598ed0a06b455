#include "detect/temporal/lrnet.hpp"

#include <chrono>
#include <cstring>

#include <torch/script.h>

#include "catalog/model_catalog.hpp"
#include "core/errors.hpp"
#include "detect/torchscript_model.hpp"

namespace deeptrace::detect::temporal {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The catalogue entry of one stream of one weight set.
const catalog::ModelEntry& find_stream(const catalog::ModelCatalog& catalog, const std::string& weights,
                                       const std::string& stream) {
  for (const catalog::ModelEntry& model : catalog.temporal_detectors())
    if (model.entry.value("weights", "") == weights && model.entry.value("stream", "") == stream) return model;
  throw Error(ErrorCode::MODEL_UNAVAILABLE,
              "LRNet weight set '" + weights + "' stream " + stream + " is not in " +
                  (catalog.models_dir() / catalog::kTemporalDetectorsFile).string() + " (build the 'models' target)");
}

report::ModelRef model_ref(const catalog::ModelEntry& model) {
  Json card = model.card();
  return {model.name, card.value("version", ""), card.value("weights_sha256", "")};
}

// Media time of row `row` of a window, its frames taken as evenly spaced
// between t_start (row 0) and t_end (last row).
double row_time(const LandmarkWindow& window, int row) {
  if (window.rows.size() < 2) return window.t_start;
  double step = (window.t_end - window.t_start) / static_cast<double>(window.rows.size() - 1);
  return window.t_start + step * row;
}

std::vector<BlockScore> plan_blocks(const std::vector<LandmarkWindow>& windows) {
  std::vector<BlockScore> blocks;
  for (std::size_t w = 0; w < windows.size(); ++w)
    for (int start : block_starts(windows[w].rows.size()))
      blocks.push_back({w, windows[w].track, start, row_time(windows[w], start),
                        row_time(windows[w], start + kBlockFrames - 1), 0, 0});
  return blocks;
}

// [blocks, 30, 136]: each block's rows, copied as they are.
torch::Tensor block_tensor(const std::vector<LandmarkWindow>& windows, const std::vector<BlockScore>& blocks) {
  auto tensor = torch::empty({static_cast<long>(blocks.size()), kBlockFrames, kLandmarkValues}, torch::kFloat32);
  float* out = tensor.data_ptr<float>();
  for (const BlockScore& block : blocks) {
    const auto& rows = windows[block.window].rows;
    for (int r = 0; r < kBlockFrames; ++r, out += kLandmarkValues)
      std::memcpy(out, rows[block.first_row + r].data(), sizeof(float) * kLandmarkValues);
  }
  return tensor;
}

// P(fake), softmax index 1, for each row of a [B,2] output.
std::vector<double> fake_probabilities(const torch::Tensor& output, std::size_t expected) {
  if (output.dim() != 2 || output.size(0) != static_cast<long>(expected) || output.size(1) != 2)
    throw Error(ErrorCode::INFERENCE_FAILED, "LRNet returned a tensor of unexpected shape");
  auto fake = output.select(1, 1).contiguous().to(torch::kFloat64);
  const double* values = fake.data_ptr<double>();
  return std::vector<double>(values, values + expected);
}

}  // namespace

std::vector<int> block_starts(std::size_t rows) {
  std::vector<int> starts;
  for (std::size_t start = 0; start + kBlockFrames + 1 <= rows; start += kBlockFrames)
    starts.push_back(static_cast<int>(start));
  return starts;
}

struct LrnetScorer::Impl {
  std::string weights;
  report::ModelRef g1_model, g2_model;
  mutable torch::jit::script::Module g1, g2;

  // One forward of one stream; the module's output, P(fake) per block.
  static std::vector<double> run(torch::jit::script::Module& module, const torch::Tensor& input, double& ms) {
    auto start = Clock::now();
    torch::Tensor output;
    try {
      output = module.forward({input}).toTensor();
    } catch (const c10::Error& e) {
      throw Error(ErrorCode::INFERENCE_FAILED, std::string("LRNet: ") + e.what_without_backtrace());
    }
    auto fake = fake_probabilities(output, static_cast<std::size_t>(input.size(0)));
    ms = ms_since(start);
    return fake;
  }
};

LrnetScorer::LrnetScorer(const std::filesystem::path& models_dir, const std::string& weights, int threads)
    : impl_(std::make_unique<Impl>()) {
  auto catalog = catalog::ModelCatalog::load(models_dir);
  const catalog::ModelEntry& g1 = find_stream(catalog, weights, "g1");
  const catalog::ModelEntry& g2 = find_stream(catalog, weights, "g2");
  impl_->weights = weights;
  impl_->g1_model = model_ref(g1);
  impl_->g2_model = model_ref(g2);
  impl_->g1 = load_torchscript(models_dir, g1.entry, threads);
  impl_->g2 = load_torchscript(models_dir, g2.entry, threads);
}

LrnetScorer::~LrnetScorer() = default;
LrnetScorer::LrnetScorer(LrnetScorer&&) noexcept = default;
LrnetScorer& LrnetScorer::operator=(LrnetScorer&&) noexcept = default;

const std::string& LrnetScorer::weights() const { return impl_->weights; }

LrnetRun LrnetScorer::score(const std::vector<LandmarkWindow>& windows) const {
  LrnetRun run{impl_->weights, impl_->g1_model, impl_->g2_model, plan_blocks(windows), 0, 0};
  if (run.blocks.empty()) return run;
  c10::InferenceMode inference;
  torch::Tensor blocks = block_tensor(windows, run.blocks);
  // g2 reads motion: row t+1 minus row t within each block.
  torch::Tensor differences = blocks.slice(1, 1) - blocks.slice(1, 0, kBlockFrames - 1);
  std::vector<double> g1 = Impl::run(impl_->g1, blocks, run.g1_ms);
  std::vector<double> g2 = Impl::run(impl_->g2, differences, run.g2_ms);
  for (std::size_t b = 0; b < run.blocks.size(); ++b) {
    run.blocks[b].g1 = g1[b];
    run.blocks[b].g2 = g2[b];
  }
  return run;
}

}  // namespace deeptrace::detect::temporal
