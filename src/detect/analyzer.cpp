// Media file in, report out: sample frames, find faces, classify crops.
#include "detect/analyzer.hpp"

#include <chrono>
#include <map>

#include "core/errors.hpp"
#include "detect/detector.hpp"
#include "detect/face_crop.hpp"
#include "detect/face_detector.hpp"
#include "detect/report.hpp"
#include "media/frames.hpp"

namespace deeptrace::detect {
namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

void check_stop(const AnalysisHooks& hooks) {
  if (hooks.should_stop && hooks.should_stop->load()) throw AnalysisInterrupted();
}

void report_progress(const AnalysisHooks& hooks, const char* stage, int done, int total) {
  if (hooks.on_progress) hooks.on_progress(Progress{stage, done, total});
}

struct SampledFaces {
  std::vector<FrameFaces> frames;
  std::vector<cv::Mat> crops;  // largest face of each frame that has one
  double faces_ms = 0;
};

}  // namespace

struct Analyzer::Impl {
  AnalyzerConfig config;
  DetectorContext context;
  std::unique_ptr<FaceDetector> faces;
  std::map<std::string, std::unique_ptr<Detector>> loaded;  // every available detector

  explicit Impl(const AnalyzerConfig& c) : config(c), context{c.models_dir, c.torch_threads} {
    faces = make_face_detector(config.face_detector);
    for (const auto& name : detector_names())
      if (detector_available(name, context)) loaded[name] = make_detector(name, context);
    for (const auto& name : config.default_detectors) resolve(name);  // fail at start-up, not per job
  }

  Detector& resolve(const std::string& name) {
    if (!is_registered_detector(name)) throw Error(ErrorCode::INVALID_REQUEST, "unknown detector '" + name + "'");
    auto it = loaded.find(name);
    if (it == loaded.end())
      throw Error(ErrorCode::MODEL_UNAVAILABLE, "detector '" + name + "' has no weights in " + context.models_dir.string());
    return *it->second;
  }

  std::vector<Detector*> requested(const JobOptions& options) {
    const auto& names = options.detectors.empty() ? config.default_detectors : options.detectors;
    if (names.empty()) throw Error(ErrorCode::INVALID_REQUEST, "no detector requested");
    std::vector<Detector*> detectors;
    for (const auto& name : names) detectors.push_back(&resolve(name));
    return detectors;
  }

  void add_frame(media::Frame&& frame, cv::Size crop_size, SampledFaces& out) {
    auto start = Clock::now();
    std::vector<cv::Rect> boxes = faces->detect(frame.bgr);
    FrameFaces entry{frame.t, static_cast<int>(boxes.size()), -1};
    if (!boxes.empty()) {
      entry.crop = static_cast<int>(out.crops.size());
      out.crops.push_back(face_crop_rgb(frame.bgr, largest(boxes), crop_size));
    }
    out.frames.push_back(entry);
    out.faces_ms += ms_since(start);
  }

  // Face detection runs as each frame arrives so full frames are never held.
  SampledFaces sample(const std::filesystem::path& media, int count, cv::Size crop_size, const AnalysisHooks& hooks) {
    SampledFaces out;
    media::SampleOptions options{count, config.torch_threads};
    media::sample_frames(media, options, [&](media::Frame&& frame) {
      check_stop(hooks);
      report_progress(hooks, "decode", frame.index + 1, count);
      add_frame(std::move(frame), crop_size, out);
      report_progress(hooks, "faces", static_cast<int>(out.frames.size()), count);
    });
    return out;
  }

  std::vector<DetectorRun> classify(const std::vector<Detector*>& detectors, const std::vector<cv::Mat>& crops,
                                    const AnalysisHooks& hooks) {
    std::vector<DetectorRun> runs;
    int total = static_cast<int>(detectors.size());
    for (Detector* detector : detectors) {
      check_stop(hooks);
      report_progress(hooks, "classify", static_cast<int>(runs.size()), total);
      auto start = Clock::now();
      auto scores = crops.empty() ? std::vector<float>{} : detector->fake_scores(crops);
      runs.push_back(DetectorRun{detector->info(), std::move(scores), ms_since(start)});
    }
    report_progress(hooks, "classify", total, total);
    return runs;
  }

  Json analyze(const std::filesystem::path& media, const JobOptions& options, const AnalysisHooks& hooks) {
    auto start = Clock::now();
    validate_options(options);
    std::vector<Detector*> detectors = requested(options);
    check_stop(hooks);
    SampledFaces sampled = sample(media, options.frames, detectors.front()->input_size(), hooks);
    double sampled_ms = ms_since(start);
    check_stop(hooks);
    auto classify_start = Clock::now();
    std::vector<DetectorRun> runs = classify(detectors, sampled.crops, hooks);
    Timings timings{sampled_ms - sampled.faces_ms, sampled.faces_ms, ms_since(classify_start), ms_since(start)};
    return build_report(sampled.frames, runs, faces->name(), timings);
  }
};

Analyzer::Analyzer(const AnalyzerConfig& config) : impl_(std::make_unique<Impl>(config)) {}
Analyzer::~Analyzer() = default;

Json Analyzer::analyze(const std::filesystem::path& media, const JobOptions& options, const AnalysisHooks& hooks) {
  return impl_->analyze(media, options, hooks);
}

std::vector<DetectorCard> Analyzer::detectors() const {
  std::vector<DetectorCard> cards;
  for (const auto& name : detector_names()) {
    bool available = impl_->loaded.count(name) > 0;
    Json card = available ? impl_->loaded.at(name)->info() : detector_card(name, impl_->context);
    if (card.is_null()) card = Json{{"name", name}};
    cards.push_back(DetectorCard{name, available, card});
  }
  return cards;
}

}  // namespace deeptrace::detect
