// The only translation unit that runs MesoNet, hence the only one including
// LibTorch. See ../shared/notes/performance.md: channels_last matters 3x.
#include "detect/mesonet_detector.hpp"

#include <ATen/Parallel.h>
#include <torch/script.h>

#include <opencv2/imgproc.hpp>

#include "core/errors.hpp"
#include "core/sha256.hpp"

namespace deeptrace::detect {
namespace {

constexpr int kBatch = 32;
constexpr int kSide = 256;

std::filesystem::path torchscript_path(const DetectorContext& context, const Json& entry) {
  return context.models_dir / entry.value("torchscript", "");
}

bool files_present(const std::string& name, const DetectorContext& context) {
  Json entry = find_model_entry(context.models_dir, name);
  return entry.is_object() && entry.contains("torchscript") &&
         std::filesystem::is_regular_file(torchscript_path(context, entry));
}

Json card_of(const Json& entry) {
  if (!entry.is_object()) return nullptr;
  Json card = entry.value("card", Json::object());
  for (const char* key : {"name", "architecture", "version", "weights_sha256", "output", "input_size"})
    if (entry.contains(key)) card[key] = entry[key];
  return card;
}

// A float RGB [0,1] crop at kSide x kSide, whatever the caller passed.
cv::Mat normalised(const cv::Mat& crop) {
  if (crop.empty() || crop.channels() != 3)
    throw Error(ErrorCode::INVALID_REQUEST, "a face crop must be a non-empty 3-channel RGB image");
  cv::Mat sized = crop, as_float;
  if (crop.cols != kSide || crop.rows != kSide) cv::resize(crop, sized, cv::Size(kSide, kSide), 0, 0, cv::INTER_LINEAR);
  if (sized.depth() == CV_32F) return sized.isContinuous() ? sized : sized.clone();
  sized.convertTo(as_float, CV_32F, 1.0 / 255.0);
  return as_float;
}

class MesoNetDetector : public Detector {
 public:
  MesoNetDetector(std::string name, const DetectorContext& context)
      : name_(std::move(name)), entry_(find_model_entry(context.models_dir, name_)) {
    auto file = torchscript_path(context, entry_);
    verify_checksum(file);
    at::set_num_threads(std::max(1, context.torch_threads));
    try {
      module_ = torch::jit::load(file.string(), torch::kCPU);
    } catch (const c10::Error& e) {
      throw Error(ErrorCode::MODEL_UNAVAILABLE, "cannot load " + file.string() + ": " + e.what_without_backtrace());
    }
    module_.eval();
    to_channels_last(module_);
  }

  std::string name() const override { return name_; }
  cv::Size input_size() const override { return {kSide, kSide}; }
  Json info() const override { return card_of(entry_); }

  std::vector<float> fake_scores(const std::vector<cv::Mat>& rgb_crops) override {
    std::vector<float> scores;
    scores.reserve(rgb_crops.size());
    for (size_t begin = 0; begin < rgb_crops.size(); begin += kBatch) {
      size_t end = std::min(rgb_crops.size(), begin + kBatch);
      auto p_real = run_batch(rgb_crops, begin, end);
      for (float p : p_real) scores.push_back(1.0f - p);  // the model outputs P(real)
    }
    return scores;
  }

 private:
  std::string name_;
  Json entry_;
  torch::jit::script::Module module_;

  // jit::Module has no to(MemoryFormat): convert the 4-D conv weights in place.
  static void to_channels_last(torch::jit::script::Module& module) {
    for (torch::Tensor parameter : module.parameters())
      if (parameter.dim() == 4) parameter.set_data(parameter.contiguous(at::MemoryFormat::ChannelsLast));
  }

  void verify_checksum(const std::filesystem::path& file) const {
    std::string expected = entry_.value("torchscript_sha256", "");
    if (!expected.empty() && sha256_file_hex(file) != expected)
      throw Error(ErrorCode::MODEL_UNAVAILABLE, file.string() + " does not match its sha256 in models.json");
  }

  std::vector<float> run_batch(const std::vector<cv::Mat>& crops, size_t begin, size_t end) {
    auto count = static_cast<int64_t>(end - begin);
    // NHWC memory viewed as NCHW is exactly the channels_last layout.
    torch::Tensor nhwc = torch::empty({count, kSide, kSide, 3}, torch::kFloat32);
    for (size_t i = begin; i < end; ++i) {
      cv::Mat crop = normalised(crops[i]);
      std::memcpy(nhwc[static_cast<int64_t>(i - begin)].data_ptr<float>(), crop.data, kSide * kSide * 3 * sizeof(float));
    }
    c10::InferenceMode inference;
    torch::Tensor p_real;
    try {
      p_real = module_.forward({nhwc.permute({0, 3, 1, 2})}).toTensor().contiguous();
    } catch (const c10::Error& e) {
      throw Error(ErrorCode::INFERENCE_FAILED, name_ + ": " + e.what_without_backtrace());
    }
    const float* data = p_real.data_ptr<float>();
    return std::vector<float>(data, data + p_real.numel());
  }
};

}  // namespace

const std::vector<std::string>& mesonet_names() {
  static const std::vector<std::string> names = {"Meso4_DF", "Meso4_F2F", "MesoInception_DF", "MesoInception_F2F"};
  return names;
}

DetectorEntry mesonet_entry(const std::string& name) {
  DetectorEntry entry;
  entry.available = [name](const DetectorContext& context) { return files_present(name, context); };
  entry.make = [name](const DetectorContext& context) -> std::unique_ptr<Detector> {
    return std::make_unique<MesoNetDetector>(name, context);
  };
  entry.card = [name](const DetectorContext& context) { return card_of(find_model_entry(context.models_dir, name)); };
  return entry;
}

}  // namespace deeptrace::detect
