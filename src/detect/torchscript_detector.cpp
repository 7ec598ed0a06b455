// The generic TorchScript detector. Includes LibTorch.
#include "detect/torchscript_detector.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>

#include <opencv2/imgproc.hpp>

#include "core/errors.hpp"
#include "core/sha256.hpp"
#include "detect/torchscript_model.hpp"

namespace deeptrace::detect {
namespace {

// Crops per forward pass. A 32-crop batch makes 92 MB intermediates at
// 256x256 that stream through RAM in every memory-bound step; batches of 4
// stay in cache: the four MesoNet models took 1.5 s on 43 crops in batches of
// 32 and 1.0 s in batches of 4 (bench/detect_bench and bench/mesonet_bench.py,
// 2 cores; 1, 2 and 8 were no better).
constexpr size_t kBatch = 4;

Json catalogue_entry(const std::filesystem::path& models_dir, const std::string& name) {
  return find_catalogue_entry(models_dir, kTorchScriptCatalogue, "detectors", name);
}

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

// The card the report and GET /api/v1/models show. weights_sha256: the
// upstream weights' digest where the entry records it (converted models),
// else the TorchScript file's own, so a rerun can be matched to the file.
Json card_of(const Json& entry, const std::string& file_sha256) {
  Json card = entry.value("card", Json::object());
  for (const char* key : {"name", "architecture", "version", "output", "input_size", "upstream"})
    if (entry.contains(key)) card[key] = entry[key];
  card["weights_sha256"] = entry.value("weights_sha256", file_sha256);
  return card;
}

std::string file_sha256_unless_recorded(const std::filesystem::path& models_dir, const Json& entry) {
  return entry.contains("weights_sha256") ? "" : sha256_file_hex(torchscript_path(models_dir, entry));
}

class TorchScriptDetector : public Detector {
 public:
  TorchScriptDetector(const Json& entry, const DetectorContext& context)
      : entry_(entry), size_(input_size_of(entry)), output_(output_of(entry)),
        mean_(triple(entry, "mean", 0.0)), std_(triple(entry, "std", 1.0)),
        module_(load_torchscript(context.models_dir, entry, context.torch_threads)),
        card_(card_of(entry, file_sha256_unless_recorded(context.models_dir, entry))) {}

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

 private:
  Json entry_;
  cv::Size size_;
  Output output_;
  cv::Scalar mean_, std_;
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
      out = module_.forward({nhwc.permute({0, 3, 1, 2})}).toTensor().reshape({-1}).contiguous();
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

DetectorEntry torchscript_detector_entry(const std::string& name, CatalogueLookup lookup) {
  DetectorEntry entry;
  entry.available = [name, lookup](const DetectorContext& context) {
    return torchscript_present(context.models_dir, lookup(context.models_dir, name));
  };
  entry.make = [name, lookup](const DetectorContext& context) -> std::unique_ptr<Detector> {
    Json e = lookup(context.models_dir, name);
    if (!e.is_object()) throw Error(ErrorCode::MODEL_UNAVAILABLE, "detector '" + name + "' is not in the catalogue");
    return std::make_unique<TorchScriptDetector>(e, context);
  };
  entry.card = [name, lookup](const DetectorContext& context) {
    Json e = lookup(context.models_dir, name);
    return e.is_object() ? card_of(e, e.value("torchscript_sha256", "")) : Json(nullptr);
  };
  return entry;
}

std::vector<std::string> register_catalogue_detectors(const std::filesystem::path& models_dir) {
  std::ifstream in(models_dir / kTorchScriptCatalogue);
  Json catalogue = in ? Json::parse(in, nullptr, /*allow_exceptions=*/false) : Json();
  if (catalogue.is_object() && catalogue["detectors"].is_array())
    for (const auto& e : catalogue["detectors"]) {
      std::string name = e.value("name", "");
      if (!name.empty() && !is_registered_detector(name))
        register_detector(name, torchscript_detector_entry(name, catalogue_entry));
    }
  return detector_names();
}

}  // namespace deeptrace::detect
