// Media file in, report out: sample frames, find faces (batched), classify
// every crop with each detector (one batched pass per detector), link faces
// into tracks, fuse the scores, keep evidence.
#include "detect/analyzer.hpp"

#include <chrono>
#include <map>

#include "core/errors.hpp"
#include "core/sha256.hpp"
#include "detect/detector.hpp"
#include "detect/ensemble.hpp"
#include "detect/evidence.hpp"
#include "detect/face_detector.hpp"
#include "detect/face_sampler.hpp"
#include "detect/media_facts.hpp"
#include "detect/report.hpp"
#include "media/frames.hpp"
#include "media/probe.hpp"

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

std::vector<Json> store_thumbnails(const std::vector<Track>& tracks, const Scores& scores, const SampledFaces& sampled,
                                   const AnalysisHooks& hooks) {
  std::vector<Json> refs;
  for (size_t i = 0; i < tracks.size(); ++i) {
    const TrackMember& shown = scores.tracks[i].most_suspicious;
    const cv::Mat& crop = sampled.crops[sampled.frames[shown.frame].faces[shown.face].crop];
    refs.push_back(store_artifact(hooks, "track-" + std::to_string(tracks[i].id) + ".jpg", "image/jpeg", thumbnail_jpeg(crop)));
  }
  return refs;
}

Json collect_artifacts(const std::vector<Json>& thumbnails, const Json& timeline) {
  Json artifacts = Json::array();
  for (const auto& ref : thumbnails)
    if (!ref.is_null()) artifacts.push_back(ref);
  if (!timeline.is_null()) artifacts.push_back(timeline);
  return artifacts;
}

}  // namespace

struct Analyzer::Impl {
  AnalyzerConfig config;
  DetectorContext context;
  EnsembleConfig ensemble;
  std::unique_ptr<FaceDetector> faces;
  std::map<std::string, std::unique_ptr<Detector>> loaded;  // every available detector

  explicit Impl(const AnalyzerConfig& c)
      : config(c), context{c.models_dir, c.torch_threads},
        ensemble(load_ensemble_config(c.ensemble_config.empty() ? c.models_dir / "ensemble.json" : c.ensemble_config)) {
    faces = make_face_detector(config.face_detector, context);
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

  SampledFaces sample(const std::filesystem::path& media, int count, cv::Size crop_size, const AnalysisHooks& hooks,
                      media::SampleStats& stats) {
    FaceSampler sampler(*faces, crop_size, ensemble.max_faces_per_frame,
                        [&](int done) { report_progress(hooks, "faces", done, count); });
    media::SampleOptions options{count, config.torch_threads};
    media::sample_frames(media, options, [&](media::Frame&& frame) {
      check_stop(hooks);
      report_progress(hooks, "decode", frame.index + 1, count);
      sampler.add(std::move(frame));
    }, &stats);
    return sampler.finish();
  }

  // Every crop through each detector: one batched pass per detector.
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

  Json settings(const JobOptions& options, const std::vector<DetectorRun>& runs, int frames_used) const {
    Json detectors = Json::array();
    for (const auto& run : runs)
      detectors.push_back({{"name", run.card.value("name", "")}, {"version", run.card.value("version", "")},
                           {"weights_sha256", run.card.value("weights_sha256", "")}});
    return {{"frames_requested", options.frames}, {"frames_used", frames_used}, {"face_detector", faces->info()},
            {"detectors", detectors}, {"ensemble_version", ensemble.version},
            {"thresholds", {{"likely_fake", ensemble.fake_threshold}, {"likely_real", ensemble.real_threshold}}},
            {"max_faces_per_frame", ensemble.max_faces_per_frame}, {"software_version", DEEPTRACE_VERSION}};
  }

  Json analyze(const std::filesystem::path& media, const MediaInfo& info, const JobOptions& options,
               const AnalysisHooks& hooks) {
    auto start = Clock::now();
    validate_options(options);
    std::vector<Detector*> detectors = requested(options);
    check_stop(hooks);
    media::SampleStats stats;
    SampledFaces sampled = sample(media, options.frames, detectors.front()->input_size(), hooks, stats);
    double sampled_ms = ms_since(start);
    check_stop(hooks);
    auto classify_start = Clock::now();
    std::vector<DetectorRun> runs = classify(detectors, sampled.crops, hooks);
    double classify_ms = ms_since(classify_start);
    std::vector<Track> tracks = link_tracks(sampled.frames);
    Scores scores = score_media(sampled.frames, tracks, runs, ensemble);
    ReportInputs in{sampled.frames, tracks, runs, scores, ensemble, faces->info(), media_facts(info, stats),
                    settings(options, runs, static_cast<int>(sampled.frames.size())),
                    store_thumbnails(tracks, scores, sampled, hooks), {}};
    Json timeline = store_artifact(hooks, "timeline.json", "application/json", build_timeline(in).dump());
    in.timings = {stats.open_ms, sampled_ms - sampled.faces_ms - stats.open_ms, sampled.faces_ms, classify_ms, ms_since(start)};
    Json report = build_report(in);
    report["artifacts"] = collect_artifacts(in.thumbnails, timeline);
    return report;
  }
};

Analyzer::Analyzer(const AnalyzerConfig& config) : impl_(std::make_unique<Impl>(config)) {}
Analyzer::~Analyzer() = default;

Json Analyzer::analyze(const std::filesystem::path& media, const MediaInfo& info, const JobOptions& options,
                       const AnalysisHooks& hooks) {
  return impl_->analyze(media, info, options, hooks);
}

Json Analyzer::analyze(const std::filesystem::path& media, const JobOptions& options, const AnalysisHooks& hooks) {
  MediaInfo info;
  info.sha256 = sha256_file_hex(media);
  info.size = static_cast<std::int64_t>(std::filesystem::file_size(media));
  info.content_type = media::sniff_media_type(media);
  media::probe_media(media, {}, info);
  return impl_->analyze(media, info, options, hooks);
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
