// The AASIST runner. Includes LibTorch.
#include "detect/audio/aasist_model.hpp"

#include <algorithm>
#include <cmath>

#include "core/errors.hpp"
#include "detect/torchscript_model.hpp"

namespace deeptrace::detect::audio {
namespace {

// Windows per forward pass: one. The encoder's first feature maps hold
// about 190 MB per 4 s window (32 x 70 x 21,500 floats), and on 2 cores a
// batch of 2 or 3 cost 0.40 to 0.42 s per window against 0.29 s one at a
// time (Python, same TorchScript file): batching only adds memory traffic.
constexpr size_t kBatch = 1;

const catalog::ModelEntry& catalogue_entry(const catalog::ModelCatalog& catalog, std::string_view mode) {
  if (!is_aasist_mode(mode))
    throw Error(ErrorCode::INVALID_REQUEST,
                "unknown audio model '" + std::string(mode) + "' (aasist or aasist_l)");
  const catalog::ModelEntry* entry = catalog.find_audio_detector(std::string(mode));
  if (!entry)
    throw Error(ErrorCode::MODEL_UNAVAILABLE,
                "audio model '" + std::string(mode) + "' is not in " +
                    (catalog.models_dir() / catalog::kAudioDetectorsFile).string() + " (build the 'models' target)");
  return *entry;
}

int positive_int(const Json& entry, const char* key, int fallback) {
  int value = entry.value(key, fallback);
  if (value <= 0)
    throw Error(ErrorCode::MODEL_UNAVAILABLE, entry.value("name", "?") + ": " + key + " must be positive");
  return value;
}

}  // namespace

bool is_aasist_mode(std::string_view mode) { return mode == kAasistMode || mode == kAasistLightMode; }

std::vector<float> fill_window(const std::vector<float>& samples, int window_samples) {
  std::vector<float> window(static_cast<size_t>(std::max(0, window_samples)), 0.0f);
  if (samples.empty()) return window;
  for (size_t i = 0; i < window.size(); ++i) window[i] = samples[i % samples.size()];
  return window;
}

double spoof_probability(const std::array<float, 2>& logits) {
  // softmax[0] = 1 / (1 + exp(bona_fide - spoof)), without overflow.
  double margin = static_cast<double>(logits[1]) - static_cast<double>(logits[0]);
  if (margin > 0) {
    double e = std::exp(-margin);
    return e / (1.0 + e);
  }
  return 1.0 / (1.0 + std::exp(margin));
}

struct AasistModel::Impl {
  std::string name, version, weights_sha256;
  int sample_rate = 16000, window_samples = 64600;
  Json card;
  torch::jit::script::Module module;

  std::vector<std::array<float, 2>> run_batch(const std::vector<std::vector<float>>& windows, size_t begin,
                                              size_t end) {
    auto input = torch::empty({static_cast<int64_t>(end - begin), window_samples}, torch::kFloat32);
    for (size_t i = begin; i < end; ++i) {
      std::vector<float> filled = fill_window(windows[i], window_samples);
      std::copy(filled.begin(), filled.end(), input[static_cast<int64_t>(i - begin)].data_ptr<float>());
    }
    torch::InferenceMode inference;
    // The traced module returns (embedding, logits).
    auto output = module.forward({input}).toTuple();
    torch::Tensor logits = output->elements().at(1).toTensor().contiguous();
    if (logits.dim() != 2 || logits.size(0) != input.size(0) || logits.size(1) != 2)
      throw Error(ErrorCode::INFERENCE_FAILED, name + ": expected logits [B,2]");
    std::vector<std::array<float, 2>> rows;
    auto accessor = logits.accessor<float, 2>();
    for (int64_t i = 0; i < logits.size(0); ++i) rows.push_back({accessor[i][0], accessor[i][1]});
    return rows;
  }
};

AasistModel::AasistModel(const DetectorContext& context, std::string_view mode) : impl_(std::make_unique<Impl>()) {
  auto catalog = catalog_of(context);
  const catalog::ModelEntry& model = catalogue_entry(*catalog, mode);
  impl_->name = model.name;
  impl_->version = model.entry.value("version", "");
  impl_->sample_rate = positive_int(model.entry, "sample_rate", 16000);
  impl_->window_samples = positive_int(model.entry, "window_samples", 64600);
  impl_->module = load_torchscript(context.models_dir, model.entry, context.torch_threads);
  impl_->card = model.card();
  impl_->weights_sha256 = impl_->card.value("weights_sha256", "");
}

AasistModel::~AasistModel() = default;

std::vector<std::array<float, 2>> AasistModel::logits(const std::vector<std::vector<float>>& windows) {
  std::vector<std::array<float, 2>> all;
  for (size_t begin = 0; begin < windows.size(); begin += kBatch) {
    auto batch = impl_->run_batch(windows, begin, std::min(windows.size(), begin + kBatch));
    all.insert(all.end(), batch.begin(), batch.end());
  }
  return all;
}

std::vector<double> AasistModel::spoof_probabilities(const std::vector<std::vector<float>>& windows) {
  std::vector<double> probabilities;
  for (const auto& row : logits(windows)) probabilities.push_back(spoof_probability(row));
  return probabilities;
}

const std::string& AasistModel::name() const { return impl_->name; }
const std::string& AasistModel::version() const { return impl_->version; }
const std::string& AasistModel::weights_sha256() const { return impl_->weights_sha256; }
int AasistModel::sample_rate() const { return impl_->sample_rate; }
int AasistModel::window_samples() const { return impl_->window_samples; }
const Json& AasistModel::card() const { return impl_->card; }

}  // namespace deeptrace::detect::audio
