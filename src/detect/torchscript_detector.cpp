// The generic TorchScript detector. Includes LibTorch.
#include "detect/torchscript_detector.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <opencv2/imgproc.hpp>

#include <torch/csrc/autograd/autograd.h>

#include "core/errors.hpp"
#include "detect/saliency.hpp"
#include "detect/torchscript_model.hpp"

namespace deeptrace::detect {
namespace {

// Crops per forward pass. A 32-crop batch makes 92 MB intermediates at
// 256x256 that stream through RAM in every memory-bound step; batches of 4
// stay in cache: the four MesoNet models took 1.5 s on 43 crops in batches of
// 32 and 1.0 s in batches of 4 (bench/detect_bench and bench/mesonet_bench.py,
// 2 cores; 1, 2 and 8 were no better).
constexpr size_t kBatch = 4;

// How to read the model's one output per crop.
enum class Output { PReal, PFake, LogitFake };

Output output_of(const Json& entry) {
  std::string output = entry.value("output", "");
  if (output == "p_real") return Output::PReal;
  if (output == "p_fake") return Output::PFake;
  if (output == "logit_fake") return Output::LogitFake;
  throw Error(ErrorCode::MODEL_UNAVAILABLE, entry.value("name", "?") + ": output must be p_real, p_fake or logit_fake");
}

cv::Size input_size_of(const Json& entry) {
  const Json& size = entry.value("input_size", Json::array());
  if (!size.is_array() || size.size() != 2 || !size[0].is_number_integer() || size[0] < 16 || size[1] < 16)
    throw Error(ErrorCode::MODEL_UNAVAILABLE, entry.value("name", "?") + ": input_size must be [width, height] >= 16");
  return {size[0].get<int>(), size[1].get<int>()};
}

// Per-channel mean or std; std must be positive.
cv::Scalar triple(const Json& entry, const char* key, double fallback) {
  Json v = entry.value(key, Json::array({fallback, fallback, fallback}));
  bool valid = v.is_array() && v.size() == 3 &&
               std::all_of(v.begin(), v.end(), [&](const Json& x) { return x.is_number() && (fallback == 0 || x > 0); });
  if (!valid) throw Error(ErrorCode::MODEL_UNAVAILABLE, entry.value("name", "?") + ": " + key + " needs 3 numbers");
  return {v[0].get<double>(), v[1].get<double>(), v[2].get<double>()};
}

class TorchScriptDetector : public Detector {
 public:
  TorchScriptDetector(const catalog::ModelEntry& model, const DetectorContext& context)
      : entry_(model.entry), size_(input_size_of(entry_)), output_(output_of(entry_)),
        mean_(triple(entry_, "mean", 0.0)), std_(triple(entry_, "std", 1.0)), device_(torch_device(context.device)),
        module_(load_torchscript(context.models_dir, entry_, context.torch_threads, device_)), card_(model.card()) {}

  std::string name() const override { return entry_.value("name", ""); }
  cv::Size input_size() const override { return size_; }
  Json info() const override { return card_; }

  std::vector<float> fake_scores(const std::vector<cv::Mat>& rgb_crops) override {
    std::vector<float> scores;
    for (size_t begin = 0; begin < rgb_crops.size(); begin += kBatch) {
      auto batch = run_batch(rgb_crops, begin, std::min(rgb_crops.size(), begin + kBatch));
      scores.insert(scores.end(), batch.begin(), batch.end());
    }
    return scores;
  }

  // Input-gradient saliency: d(fake score)/d(pixel) of one crop, with
  // gradients on for this call only (the model stays in eval mode), taken
  // through the same output convention as fake_score. Only the input's
  // gradient is computed; the weights' are neither computed nor kept.
  std::optional<cv::Mat> saliency(const cv::Mat& rgb_crop) override {
    cv::Mat crop = normalised(rgb_crop);
    torch::Tensor nhwc = torch::empty({1, size_.height, size_.width, 3}, torch::kFloat32);
    std::memcpy(nhwc.data_ptr<float>(), crop.data, crop.total() * crop.elemSize());
    c10::InferenceMode not_inference(false);
    c10::AutoGradMode gradients(true);
    nhwc.requires_grad_(true);
    torch::Tensor gradient;
    try {
      // The crop's leaf stays on the CPU: autograd carries the gradient back across the copy.
      torch::Tensor out = module_.forward({nhwc.permute({0, 3, 1, 2}).to(device_)}).toTensor().reshape({-1}).cpu();
      if (out.numel() != 1) throw Error(ErrorCode::INFERENCE_FAILED, name() + ": expected one output per crop");
      torch::Tensor fake = output_ == Output::PReal ? 1 - out[0] : output_ == Output::PFake ? out[0] : torch::sigmoid(out[0]);
      gradient = torch::autograd::grad({fake}, {nhwc})[0].contiguous();
    } catch (const c10::Error& e) {
      throw Error(ErrorCode::INFERENCE_FAILED, name() + ": saliency: " + e.what_without_backtrace());
    }
    // The gradient with respect to the normalised input; per pixel of the
    // crop itself it is divided by each channel's std.
    cv::Mat by_pixel(size_, CV_32FC3);
    std::memcpy(by_pixel.data, gradient.data_ptr<float>(), by_pixel.total() * by_pixel.elemSize());
    cv::divide(by_pixel, std_, by_pixel);
    return saliency_from_gradient(by_pixel);
  }

  std::string saliency_method() const override { return "input_gradient"; }

 private:
  Json entry_;
  cv::Size size_;
  Output output_;
  cv::Scalar mean_, std_;
  torch::Device device_;
  torch::jit::script::Module module_;
  Json card_;

  // RGB [0,1] (float) or [0,255] (8-bit) in; (x - mean) / std at input size out.
  cv::Mat normalised(const cv::Mat& crop) const {
    if (crop.empty() || crop.channels() != 3)
      throw Error(ErrorCode::INVALID_REQUEST, "a face crop must be a non-empty 3-channel RGB image");
    cv::Mat sized = crop, unit;
    if (crop.size() != size_) cv::resize(crop, sized, size_, 0, 0, cv::INTER_LINEAR);
    sized.convertTo(unit, CV_32F, sized.depth() == CV_32F ? 1.0 : 1.0 / 255.0);
    cv::subtract(unit, mean_, unit);
    cv::divide(unit, std_, unit);
    return unit;
  }

  // A probability outside [0,1] (or NaN) means the entry's convention is
  // wrong for this model; fusing it would corrupt the verdict, so fail.
  float fake_score(float value) const {
    if (output_ == Output::LogitFake && !std::isnan(value)) return 1.0f / (1.0f + std::exp(-value));
    if (!(value >= 0.0f && value <= 1.0f))
      throw Error(ErrorCode::INFERENCE_FAILED, name() + ": output " + std::to_string(value) + " is not a probability");
    return output_ == Output::PReal ? 1.0f - value : value;
  }

  std::vector<float> run_batch(const std::vector<cv::Mat>& crops, size_t begin, size_t end) {
    auto count = static_cast<int64_t>(end - begin);
    torch::Tensor nhwc = torch::empty({count, size_.height, size_.width, 3}, torch::kFloat32);
    for (size_t i = begin; i < end; ++i) {
      cv::Mat crop = normalised(crops[i]);
      std::memcpy(nhwc[static_cast<int64_t>(i - begin)].data_ptr<float>(), crop.data, crop.total() * crop.elemSize());
    }
    c10::InferenceMode inference;
    torch::Tensor out;
    try {
      out = module_.forward({nhwc.permute({0, 3, 1, 2}).to(device_)}).toTensor().reshape({-1}).cpu().contiguous();
    } catch (const c10::Error& e) {
      throw Error(ErrorCode::INFERENCE_FAILED, name() + ": " + e.what_without_backtrace());
    }
    if (out.numel() != count) throw Error(ErrorCode::INFERENCE_FAILED, name() + ": expected one output per crop");
    std::vector<float> scores;
    for (int64_t i = 0; i < count; ++i) scores.push_back(fake_score(out[i].item<float>()));
    return scores;
  }
};

}  // namespace

std::unique_ptr<Detector> make_torchscript_detector(const std::string& name, const DetectorContext& context) {
  auto catalogue = catalog_of(context);
  const catalog::ModelEntry* model = catalogue->find_detector(name);
  if (!model)
    throw Error(ErrorCode::MODEL_UNAVAILABLE, "detector '" + name + "' is not in the model catalogue of " +
                                                  context.models_dir.string() + " (build the 'models' target)");
  if (!model->available())
    throw Error(ErrorCode::MODEL_UNAVAILABLE, "detector '" + name + "': " + model->availability.reason);
  return std::make_unique<TorchScriptDetector>(*model, context);
}

std::vector<std::string> register_catalogue_detectors(const catalog::ModelCatalog& catalog) {
  for (const auto& model : catalog.detectors())
    detector_registry().add_if_absent(model.name, [name = model.name](const DetectorContext& context) {
      return make_torchscript_detector(name, context);
    });
  return detector_names();
}

std::vector<std::string> register_catalogue_detectors(const std::filesystem::path& models_dir) {
  return register_catalogue_detectors(catalog::ModelCatalog::load(models_dir));
}

}  // namespace deeptrace::detect
