// The only translation unit that runs MesoNet, hence the only one including
// LibTorch. See ../shared/notes/performance.md: channels_last matters 3x.
#include "detect/mesonet_detector.hpp"

#include <opencv2/imgproc.hpp>

#include "core/errors.hpp"
#include "detect/torchscript_model.hpp"

namespace deeptrace::detect {
namespace {

// Crops per forward pass. A 32-crop batch makes 92 MB intermediates at
// 256x256 that stream through RAM in every memory-bound step; batches of 4
// stay in cache: the four models took 1.5 s on 43 crops in batches of 32 and
// 1.0 s in batches of 4 (bench/detect_bench and bench/mesonet_bench.py,
// 2 cores; 1, 2 and 8 were no better).
constexpr size_t kBatch = 4;
constexpr int kSide = 256;

bool files_present(const std::string& name, const DetectorContext& context) {
  return torchscript_present(context.models_dir, find_model_entry(context.models_dir, name));
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
      : name_(std::move(name)),
        entry_(find_model_entry(context.models_dir, name_)),
        module_(load_torchscript(context.models_dir, entry_, context.torch_threads)) {}

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
