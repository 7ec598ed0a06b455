// BlazeFace (MediaPipe) face detection: TorchScript converted by
// tools/convert_blazeface.py, anchors decoded and merged in blazeface_decode.
// One of the few translation units that include LibTorch.
#include <algorithm>

#include <opencv2/imgproc.hpp>

#include "core/errors.hpp"
#include "detect/blazeface_decode.hpp"
#include "detect/face_detector.hpp"
#include "detect/torchscript_model.hpp"

namespace deeptrace::detect {
namespace {

using blazeface::Detection;

// The face detector model's catalogue entry; throws Error(MODEL_UNAVAILABLE)
// when it is not catalogued (loading checks its file).
Json catalogue_entry(const DetectorContext& context, const std::string& name) {
  auto catalogue = catalog_of(context);  // held: entries point into it
  const catalog::ModelEntry* model = catalogue->find_face_detector(name);
  if (!model)
    throw Error(ErrorCode::MODEL_UNAVAILABLE, "face detector model '" + name + "' is not in " +
                                                  (context.models_dir / catalog::kFaceDetectorsFile).string() +
                                                  " (build the 'models' target)");
  return model->entry;
}
constexpr int kBackSide = 256;

// A frame scaled so that its longer side fits the model input, placed at the
// top-left of a black square: no distortion, and mapping back is one factor.
struct Letterboxed {
  cv::Mat rgb;          // kBackSide x kBackSide, 8-bit RGB
  double frame_side;    // pixels of the frame per side of the square
};

// From this whole-number reduction on, frames are reduced by whole factors.
constexpr int kWholeFactorFrom = 4;

Letterboxed place_in_square(const cv::Mat& resized_bgr, double frame_side) {
  cv::Mat square(kBackSide, kBackSide, CV_8UC3, cv::Scalar::all(0));
  cv::cvtColor(resized_bgr, square(cv::Rect({0, 0}, resized_bgr.size())), cv::COLOR_BGR2RGB);
  return {square, frame_side};
}

// OpenCV's area averaging is about three times faster for a whole-number
// factor (3.4 ms against 9.4 ms for a 1080p frame, measured on 2 cores).
// So large frames shrink by the smallest whole factor that fits them: 1920 px
// becomes 240 (94% of the square), 1280 exactly 256. The < factor pixels of
// remainder at the right and bottom edges are dropped.
Letterboxed letterbox_by_whole_factor(const cv::Mat& bgr, int factor) {
  cv::Mat whole = bgr(cv::Rect(0, 0, bgr.cols / factor * factor, bgr.rows / factor * factor));
  cv::Mat resized;
  cv::resize(whole, resized, cv::Size(whole.cols / factor, whole.rows / factor), 0, 0, cv::INTER_AREA);
  return place_in_square(resized, static_cast<double>(kBackSide) * factor);
}

Letterboxed letterbox(const cv::Mat& bgr) {
  int longer = std::max(bgr.cols, bgr.rows);
  int factor = (longer + kBackSide - 1) / kBackSide;
  if (factor >= kWholeFactorFrom) return letterbox_by_whole_factor(bgr, factor);
  double scale = static_cast<double>(kBackSide) / longer;
  cv::Size scaled(std::max(1, static_cast<int>(bgr.cols * scale)), std::max(1, static_cast<int>(bgr.rows * scale)));
  cv::Mat resized;
  cv::resize(bgr, resized, scaled, 0, 0, scale < 1 ? cv::INTER_AREA : cv::INTER_LINEAR);
  return place_in_square(resized, static_cast<double>(longer));
}

class BlazeFaceModel {
 public:
  BlazeFaceModel(const DetectorContext& context, const std::string& name)
      : entry_(catalogue_entry(context, name)), device_(torch_device(context.device)) {
    module_ = load_torchscript(context.models_dir, entry_, context.torch_threads, device_);
    side_ = entry_["input_size"][0].get<int>();
    options_ = {static_cast<float>(side_), entry_.value("min_score", 0.75f), entry_.value("min_suppression_iou", 0.3f)};
    read_anchors();
  }

  const Json& entry() const { return entry_; }

  // Normalised detections per frame, in letterbox coordinates. The frames
  // go through the model `chunk` at a time (0: all at once); see kBackChunk.
  std::vector<std::vector<Detection>> run(const std::vector<Letterboxed>& frames, int64_t chunk = 0) {
    c10::InferenceMode inference;
    torch::Tensor input = input_batch(frames);
    int64_t n = input.size(0);
    std::vector<std::vector<Detection>> out;
    for (int64_t start = 0; start < n;) {
      // Less than two chunks left: all of them, so that no chunk is a lone
      // frame unless the batch is one.
      int64_t size = chunk <= 0 || n - start < 2 * chunk ? n - start : chunk;
      auto [boxes, logits] = forward(input.narrow(0, start, size));
      for (int64_t i = 0; i < size; ++i)
        out.push_back(blazeface::decode(boxes[i].data_ptr<float>(), logits[i].data_ptr<float>(), anchors_, options_));
      start += size;
    }
    return out;
  }

 private:
  Json entry_;
  torch::Device device_;
  torch::jit::script::Module module_;
  int side_ = 128;
  blazeface::DecodeOptions options_;
  std::vector<blazeface::Anchor> anchors_;

  void read_anchors() {
    // The buffer lives where the model was loaded; read it on the CPU (on a
    // GPU the pointer would be device memory: a crash at start-up, issue 16).
    torch::Tensor anchors = module_.attr("anchors").toTensor().to(torch::kCPU).contiguous();
    if (anchors.size(0) != blazeface::kAnchors || anchors.size(1) != 4)
      throw Error(ErrorCode::MODEL_UNAVAILABLE, entry_.value("name", "") + ": unexpected anchor shape");
    const float* a = anchors.data_ptr<float>();
    for (int i = 0; i < blazeface::kAnchors; ++i) anchors_.push_back({a[4 * i], a[4 * i + 1], a[4 * i + 2], a[4 * i + 3]});
  }

  // NHWC float in [-1,1], viewed as NCHW: the channels_last layout.
  torch::Tensor input_batch(const std::vector<Letterboxed>& frames) const {
    auto n = static_cast<int64_t>(frames.size());
    torch::Tensor nhwc = torch::empty({n, side_, side_, 3}, torch::kFloat32);
    for (int64_t i = 0; i < n; ++i) {
      cv::Mat sized = frames[i].rgb;
      if (side_ != kBackSide) cv::resize(sized, sized, cv::Size(side_, side_), 0, 0, cv::INTER_AREA);
      cv::Mat target(side_, side_, CV_32FC3, nhwc[i].data_ptr<float>());
      sized.convertTo(target, CV_32F, 1.0 / 127.5, -1.0);
    }
    return nhwc.permute({0, 3, 1, 2});
  }

  std::pair<torch::Tensor, torch::Tensor> forward(const torch::Tensor& input) {
    try {
      auto outputs = module_.forward({input.to(device_)}).toTuple();
      return {outputs->elements()[0].toTensor().cpu().contiguous(), outputs->elements()[1].toTensor().cpu().contiguous()};
    } catch (const c10::Error& e) {
      throw Error(ErrorCode::INFERENCE_FAILED, entry_.value("name", "") + ": " + e.what_without_backtrace());
    }
  }
};

// The back model runs on 256x256 inputs with seven blocks at 128x128x24: a
// batch of 8 frames moves 12.6 MB per feature map, past the caches, and took
// 1.7x as long as the same frames two at a time (median 88 ms against 51 ms
// per batch of 8, both ways in turn in one process; issue 16, 2 cores).
// Chunks of two or more frames give bitwise the same outputs as the whole
// batch (oneDNN shares a batch among its threads frame by frame; checked on
// every frame of the eval-dev clips with 2 and 4 threads, chunks of 2, 3 and
// 4), a lone frame does not (up to 5e-4 apart), so run() never cuts one off
// a larger batch. The front model (128x128) is cheaper in one call.
constexpr int64_t kBackChunk = 2;

// Adds the back model's detections that the front model did not already find.
void add_new_faces(std::vector<Detection>& found, const std::vector<Detection>& more, float min_iou) {
  size_t original = found.size();
  for (const auto& candidate : more) {
    bool seen = std::any_of(found.begin(), found.begin() + static_cast<long>(original),
                            [&](const Detection& d) { return blazeface::iou(d, candidate) > min_iou; });
    if (!seen) found.push_back(candidate);
  }
}

cv::Rect to_pixels(const Detection& d, double frame_side, cv::Size frame) {
  cv::Rect box(cv::Point(static_cast<int>(d.xmin * frame_side), static_cast<int>(d.ymin * frame_side)),
               cv::Point(static_cast<int>(d.xmax * frame_side), static_cast<int>(d.ymax * frame_side)));
  return box & cv::Rect({0, 0}, frame);
}

class BlazeFaceDetector : public FaceDetector {
 public:
  BlazeFaceDetector(const DetectorContext& context, bool with_back) : front_(context, "blazeface_front") {
    if (with_back) back_ = std::make_unique<BlazeFaceModel>(context, "blazeface_back");
  }

  std::string name() const override { return back_ ? "blazeface" : "blazeface_front"; }

  std::vector<cv::Rect> detect(const cv::Mat& bgr) override { return detect_batch({bgr}).front(); }

  std::vector<std::vector<cv::Rect>> detect_batch(const std::vector<cv::Mat>& frames) override {
    if (frames.empty()) return {};
    std::vector<Letterboxed> inputs;
    for (const auto& frame : frames) inputs.push_back(letterbox(frame));
    auto found = front_.run(inputs);
    if (back_) {
      auto small = back_->run(inputs, kBackChunk);
      for (size_t i = 0; i < found.size(); ++i) add_new_faces(found[i], small[i], 0.3f);
    }
    std::vector<std::vector<cv::Rect>> out(frames.size());
    for (size_t i = 0; i < frames.size(); ++i)
      for (const auto& d : found[i]) {
        cv::Rect box = to_pixels(d, inputs[i].frame_side, frames[i].size());
        if (box.width > 1 && box.height > 1) out[i].push_back(box);
      }
    return out;
  }

  Json info() const override {
    Json models = Json::array();
    for (const BlazeFaceModel* m : std::initializer_list<const BlazeFaceModel*>{&front_, back_.get()})
      if (m) models.push_back({{"name", m->entry().value("name", "")}, {"version", m->entry().value("version", "")},
                               {"weights_sha256", m->entry().value("weights_sha256", "")}});
    return {{"name", name()}, {"models", models}};
  }

 private:
  BlazeFaceModel front_;
  std::unique_ptr<BlazeFaceModel> back_;
};

}  // namespace

std::unique_ptr<FaceDetector> make_blazeface_detector(const DetectorContext& context, bool with_back_model) {
  return std::make_unique<BlazeFaceDetector>(context, with_back_model);
}

}  // namespace deeptrace::detect
