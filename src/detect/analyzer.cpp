// Media file in, report out: sample frames (decoding on its own thread), find
// faces (batched), classify the crops with each detector as they are cut,
// link faces into tracks, fuse the scores, keep evidence.
#include "detect/analyzer.hpp"

#include <chrono>
#include <map>
#include <optional>

#include "catalog/model_catalog.hpp"
#include "core/errors.hpp"
#include "core/log.hpp"
#include "core/sha256.hpp"
#include "detect/crop_classifier.hpp"
#include "detect/detector.hpp"
#include "detect/ensemble.hpp"
#include "detect/evidence.hpp"
#include "detect/face_detector.hpp"
#include "detect/face_sampler.hpp"
#include "detect/media_facts.hpp"
#include "detect/report.hpp"
#include "detect/torchscript_detector.hpp"
#include "detect/audio/audio_evidence.hpp"
#include "detect/temporal/landmark_windows.hpp"
#include "detect/temporal/temporal_evidence.hpp"
#include "media/background_sampler.hpp"
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

void report_progress(const AnalysisHooks& hooks, Stage stage, int done, int total) {
  if (hooks.on_progress) hooks.on_progress(Progress{std::string(stage_name(stage)), done, total});
}

std::vector<std::optional<report::ArtifactRef>> store_thumbnails(const std::vector<Track>& tracks, const Scores& scores,
                                                                const SampledFaces& sampled, const AnalysisHooks& hooks) {
  std::vector<std::optional<report::ArtifactRef>> refs;
  for (size_t i = 0; i < tracks.size(); ++i) {
    const TrackMember& shown = scores.tracks[i].most_suspicious;
    const cv::Mat& crop = sampled.crops[sampled.frames[shown.frame].faces[shown.face].crop];
    refs.push_back(store_artifact(hooks, "track-" + std::to_string(tracks[i].id) + ".jpg", "image/jpeg", thumbnail_jpeg(crop)));
  }
  return refs;
}

struct Sampled {
  SampledFaces faces;
  std::vector<DetectorRun> runs;  // one per detector, a score per crop
  double decode_ms = 0;           // the decoder thread's busy time, less opening
  double classify_ms = 0;
};

// A model the analyzer loads once for a section, or why it could not be.
template <typename Model>
struct SectionModel {
  std::optional<Model> model;
  std::string unavailable;  // why not loaded, for the log

  template <typename... Args>
  void load(Args&&... args) {
    try {
      model.emplace(std::forward<Args>(args)...);
    } catch (const Error& e) {
      unavailable = e.what();
    }
  }
};

std::vector<temporal::LandmarkWindow> landmark_rows(const std::vector<temporal::FaceWindow>& faces) {
  std::vector<temporal::LandmarkWindow> rows;
  for (const auto& face : faces) rows.push_back(face.landmarks);
  return rows;
}

// A face detector's info(): its name and, when it has model files, their refs.
report::FaceDetectorInfo face_detector_info(const Json& info) {
  return {info.value("name", ""), info.value("models", Json::array()).get<std::vector<report::ModelRef>>()};
}

}  // namespace

struct Analyzer::Impl {
  AnalyzerConfig config;
  std::shared_ptr<const catalog::ModelCatalog> catalog;
  DetectorContext context;
  EnsembleConfig ensemble;
  std::vector<std::string> default_detectors;
  std::unique_ptr<FaceDetector> faces;
  std::map<std::string, std::unique_ptr<Detector>> loaded;  // every available detector
  // The temporal and audio sections' models, loaded once when the section is
  // on; a missing model makes its section unavailable, never the job fail.
  SectionModel<temporal::LandmarkExtractor> landmarks;
  SectionModel<temporal::LrnetScorer> lrnet;
  SectionModel<audio::AasistModel> aasist;

  explicit Impl(const AnalyzerConfig& c)
      : config(c), catalog(std::make_shared<const catalog::ModelCatalog>(catalog::ModelCatalog::load(c.models_dir))),
        context{c.models_dir, c.torch_threads, catalog},
        ensemble(load_ensemble_config(c.ensemble_config.empty() ? c.models_dir / catalog::kEnsembleFile : c.ensemble_config)),
        default_detectors(c.default_detectors.empty() ? catalog::default_detectors_of(ensemble.document)
                                                      : c.default_detectors) {
    faces = make_face_detector(config.face_detector, context);
    register_catalogue_detectors(*catalog);
    for (const auto& model : catalog->detectors())
      if (model.available()) loaded[model.name] = make_detector(model.name, context);
    for (const auto& name : default_detectors) resolve(name);  // fail at start-up, not per job
    load_section_models();
  }

  void load_section_models() {
    if (config.temporal_windows > 0) {
      temporal::LandmarkOptions options;
      options.sampling.windows = config.temporal_windows;
      landmarks.load(options);
      lrnet.load(config.models_dir, config.temporal_weights, config.torch_threads);
    }
    if (config.audio_windows > 0) aasist.load(context, config.audio_model);
    for (const auto* why : {&landmarks.unavailable, &lrnet.unavailable, &aasist.unavailable})
      if (!why->empty()) log::warn("an evidence section's model is unavailable", {{"reason", *why}});
  }

  // evidence.temporal: landmark windows over the video, scored by LRNet;
  // tied to the visual tracks. Its own failures fail only the section.
  std::optional<report::TemporalEvidence> temporal_section(const std::filesystem::path& media, const std::string& kind,
                                                           const SampledFaces& sampled, const std::vector<Track>& tracks,
                                                           const report::Thresholds& thresholds, ReportInputs& in,
                                                           const AnalysisHooks& hooks, double& ms) {
    if (config.temporal_windows <= 0) return std::nullopt;
    temporal::TemporalOptions options{config.temporal_weights, config.torch_threads, config.temporal_windows, thresholds};
    using report::SectionStatus;
    if (kind == "image") return temporal::temporal_section_without_score(SectionStatus::NotApplicable, "STILL_IMAGE", options);
    if (kind == "audio") return temporal::temporal_section_without_score(SectionStatus::NotApplicable, "NO_VIDEO", options);
    if (!landmarks.model || !lrnet.model)
      return temporal::temporal_section_without_score(SectionStatus::Unavailable, temporal::kModelUnavailable, options);
    auto start = Clock::now();
    report_progress(hooks, Stage::Temporal, 0, config.temporal_windows);
    try {
      std::vector<temporal::FaceWindow> faces_in_windows = landmarks.model->extract(media, *faces, hooks.should_stop);
      temporal::assign_visual_tracks(faces_in_windows, sampled.frames, tracks);
      temporal::TemporalResult result = temporal::temporal_evidence(landmark_rows(faces_in_windows), *lrnet.model, options);
      in.temporal_windows = std::move(result.timeline);
      ms = ms_since(start);
      report_progress(hooks, Stage::Temporal, config.temporal_windows, config.temporal_windows);
      return result.section;
    } catch (const Error& e) {
      // The visual section read the same video and succeeded: keep it.
      log::warn("temporal evidence failed", {{"error", e.what()}, {"code", std::string(code_name(e.code()))}});
      ms = ms_since(start);
      return temporal::temporal_section_without_score(SectionStatus::Failed, "TEMPORAL_FAILED", options);
    }
  }

  // evidence.audio: speech windows scored by AASIST. Never fails the job.
  std::optional<report::AudioEvidence> audio_section(const std::filesystem::path& media, const report::Thresholds& thresholds,
                                                     const AnalysisHooks& hooks, double& ms) {
    if (config.audio_windows <= 0) return std::nullopt;
    if (!aasist.model)
      return audio::audio_section_without_score(report::SectionStatus::Unavailable, audio::kModelUnavailable);
    auto start = Clock::now();
    report_progress(hooks, Stage::Audio, 0, 1);
    report::AudioEvidence section =
        audio::analyze_audio(media, *aasist.model, {config.audio_model, config.audio_windows, thresholds});
    report_progress(hooks, Stage::Audio, 1, 1);
    ms = ms_since(start);
    return section;
  }

  // A name that neither the registry nor the ensemble knows is the caller's
  // mistake; a known one without a loaded model is a missing install.
  Detector& resolve(const std::string& name) {
    auto it = loaded.find(name);
    if (it != loaded.end()) return *it->second;
    if (!is_registered_detector(name) && !ensemble.weights.count(name))
      throw Error(ErrorCode::INVALID_REQUEST, "unknown detector '" + name + "'");
    const catalog::ModelEntry* model = catalog->find_detector(name);
    throw Error(ErrorCode::MODEL_UNAVAILABLE, "detector '" + name + "' cannot run: " +
                                                  (model ? model->availability.reason
                                                         : "it is not in the model catalogue of " + context.models_dir.string()));
  }

  std::vector<Detector*> requested(const JobOptions& options) {
    const auto& names = options.detectors.empty() ? default_detectors : options.detectors;
    if (names.empty()) throw Error(ErrorCode::INVALID_REQUEST, "no detector requested");
    std::vector<Detector*> detectors;
    for (const auto& name : names) detectors.push_back(&resolve(name));
    return detectors;
  }

  // Decoding runs on its own thread; faces and detectors run here, batch by
  // batch as frames arrive, so both proceed at once where cores are free.
  Sampled sample_and_classify(const std::filesystem::path& media, int count, const std::vector<Detector*>& detectors,
                              const AnalysisHooks& hooks, media::SampleStats& stats) {
    FaceSampler sampler(*faces, detectors.front()->input_size(), ensemble.max_faces_per_frame,
                        [&](int done) { report_progress(hooks, Stage::Faces, done, count); });
    CropClassifier classifier(detectors);
    auto on_frame = [&](media::Frame&& frame) {
      check_stop(hooks);
      report_progress(hooks, Stage::Decode, frame.index + 1, count);
      sampler.add(std::move(frame));
      classifier.classify_new(sampler.crops());
    };
    double decode_ms = decode_frames(media, {count, config.torch_threads, false, config.max_pixels}, on_frame, stats);
    if (!config.overlap_decoding) decode_ms -= sampler.faces_ms() + classifier.busy_ms();
    check_stop(hooks);
    Sampled out{sampler.finish(), {}, decode_ms, 0};
    auto total = static_cast<int>(out.faces.crops.size());
    report_progress(hooks, Stage::Classify, classifier.classified(), total);
    classifier.classify_new(out.faces.crops);
    report_progress(hooks, Stage::Classify, total, total);
    out.classify_ms = classifier.busy_ms();
    out.runs = classifier.finish();
    return out;
  }

  // Returns the time spent decoding, less opening (in turn: including on_frame).
  double decode_frames(const std::filesystem::path& media, const media::SampleOptions& options,
                       const std::function<void(media::Frame&&)>& on_frame, media::SampleStats& stats) const {
    if (!config.overlap_decoding) {
      auto start = Clock::now();
      media::sample_frames(media, options, on_frame, &stats);
      return ms_since(start) - stats.open_ms;
    }
    media::BackgroundSampleStats background;
    media::sample_frames_in_background(media, options, on_frame, &stats, &background);
    return background.decode_busy_ms - stats.open_ms;
  }

  // The models themselves are listed in the evidence section that ran them.
  static report::Settings settings(const JobOptions& options, int frames_used) {
    return {options.frames, frames_used, DEEPTRACE_VERSION};
  }

  Json analyze(const std::filesystem::path& media, const MediaInfo& info, const JobOptions& options,
               const AnalysisHooks& hooks) {
    auto start = Clock::now();
    validate_options(options);
    std::vector<Detector*> detectors = requested(options);
    check_stop(hooks);
    media::SampleStats stats;
    // A sound file has no picture to sample: its visual section is not_applicable (NO_VIDEO).
    bool audio_only = media::is_audio_only(info);
    Sampled result = audio_only ? Sampled{} : sample_and_classify(media, options.frames, detectors, hooks, stats);
    const SampledFaces& sampled = result.faces;
    const std::vector<DetectorRun>& runs = result.runs;
    std::vector<Track> tracks = link_tracks(sampled.frames);
    Scores scores = score_media(sampled.frames, tracks, runs, ensemble);
    ReportInputs in{sampled.frames,
                    tracks,
                    runs,
                    scores,
                    ensemble,
                    face_detector_info(faces->info()),
                    media_facts(media, info, stats).get<report::MediaFacts>(),
                    settings(options, static_cast<int>(sampled.frames.size())),
                    store_thumbnails(tracks, scores, sampled, hooks),
                    {}};
    report::Thresholds thresholds = thresholds_of(ensemble);
    double temporal_ms = 0, audio_ms = 0;
    in.temporal = temporal_section(media, in.media.kind, sampled, tracks, thresholds, in, hooks, temporal_ms);
    check_stop(hooks);
    in.audio = audio_section(media, thresholds, hooks, audio_ms);
    check_stop(hooks);
    auto timeline = store_artifact(hooks, "timeline.json", "application/json", Json(build_timeline(in)).dump());
    // Busy time per stage; decoding overlaps the rest, so they add up to more than the total.
    in.timings = {stats.open_ms, result.decode_ms, sampled.faces_ms, result.classify_ms, ms_since(start)};
    report::Report report = build_report(in, timeline);
    if (in.temporal) report.timings_ms["temporal"] = temporal_ms;
    if (in.audio) report.timings_ms["audio"] = audio_ms;
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
  media::probe_media(media, {.max_pixels = impl_->config.max_pixels}, info);
  return impl_->analyze(media, info, options, hooks);
}

std::vector<DetectorCard> Analyzer::detectors() const {
  std::vector<DetectorCard> cards;
  for (const auto& model : impl_->catalog->detectors()) {
    auto it = impl_->loaded.find(model.name);
    bool loaded = it != impl_->loaded.end();
    cards.push_back(DetectorCard{model.name, loaded, loaded ? it->second->info() : model.card()});
  }
  return cards;
}

const std::vector<std::string>& Analyzer::default_detectors() const { return impl_->default_detectors; }

}  // namespace deeptrace::detect
