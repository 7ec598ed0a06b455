// Media file in, report out: sample frames (decoding on its own thread), find
// faces (batched), classify the crops with each detector as they are cut,
// link faces into tracks, fuse the scores, keep evidence.
#include "detect/analyzer.hpp"

#include <chrono>
#include <future>
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
#include "detect/face_tracks.hpp"
#include "detect/gate.hpp"
#include "detect/malloc_arenas.hpp"
#include "detect/media_facts.hpp"
#include "detect/report.hpp"
#include "detect/saliency.hpp"
#include "detect/sections.hpp"
#include "detect/torchscript_detector.hpp"
#include "detect/audio/audio_evidence.hpp"
#include "detect/temporal/landmark_windows.hpp"
#include "detect/temporal/temporal_evidence.hpp"
#include "media/background_sampler.hpp"
#include "media/probe.hpp"

namespace deeptrace::detect {
namespace {

using Clock = std::chrono::steady_clock;
// The report's timings_ms: busy time per stage, milliseconds.
using StageTimings = std::map<std::string, double>;

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

// Per track with a thumbnail, a saliency heatmap of the same crop (issue
// 18): the mean of the maps of the job's detectors that give one, blended
// over the crop. A heatmap is auxiliary evidence: when one cannot be made,
// the track has none and the job goes on.
std::vector<std::optional<report::TrackSaliency>> store_saliency(
    const std::vector<Track>& tracks, const Scores& scores, const SampledFaces& sampled,
    const std::vector<Detector*>& detectors, const std::vector<std::optional<report::ArtifactRef>>& thumbnails,
    const AnalysisHooks& hooks) {
  std::vector<std::optional<report::TrackSaliency>> out(tracks.size());
  for (size_t i = 0; i < tracks.size() && i < thumbnails.size(); ++i) {
    if (!thumbnails[i]) continue;
    check_stop(hooks);
    const TrackMember& shown = scores.tracks[i].most_suspicious;
    const cv::Mat& crop = sampled.crops[sampled.frames[shown.frame].faces[shown.face].crop];
    try {
      std::optional<CropSaliency> map = crop_saliency(detectors, crop);
      if (!map) continue;
      auto ref = store_artifact(hooks, "track-" + std::to_string(tracks[i].id) + "-saliency.jpg", "image/jpeg",
                                saliency_jpeg(crop, map->map));
      if (ref) out[i] = report::TrackSaliency{*ref, map->method, map->detectors};
    } catch (const Error& e) {
      log::warn("no saliency map for a face track", {{"track", tracks[i].id}, {"error", e.what()}});
    } catch (const cv::Exception& e) {
      log::warn("no saliency map for a face track", {{"track", tracks[i].id}, {"error", e.what()}});
    }
  }
  return out;
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

// Where the visual section saw faces, handed to the temporal section for its
// spare windows (the landmark windows ask only when a window had no face).
using FramesSeenHandover = Handover<std::vector<temporal::FrameSeen>>;

// The temporal section up to its landmarks, which need from the visual
// section only where it saw faces, and that only for spare windows: the
// scoring and the ties to visual tracks come after it.
struct TemporalLandmarks {
  bool off = false;  // the section is off: the report has no evidence.temporal
  // Set when the section ends here (not applicable, unavailable, failed).
  std::optional<report::TemporalEvidence> ended;
  std::vector<temporal::FaceWindow> faces;
  temporal::LandmarkStats stats;
  double ms = 0;  // busy time so far
};

struct AudioSection {
  std::optional<report::AudioEvidence> section;  // none: the section is off
  double ms = 0;
};

// Waits for a section, showing its stage while the job waits on it, and
// then as done (so every job passes through every stage that is on; 0
// steps: the section is off).
template <typename T>
T wait_for_section(std::future<T>& section, const AnalysisHooks& hooks, Stage stage, int steps) {
  if (steps <= 0) return section.get();
  if (section.wait_for(std::chrono::seconds(0)) != std::future_status::ready) report_progress(hooks, stage, 0, steps);
  T result = section.get();
  report_progress(hooks, stage, steps, steps);
  return result;
}

// The hooks with progress whose stage never goes back. Decoding runs ahead
// of face detection, so their updates interleave (decode 5, faces 2, decode
// 6, ...) and a client that shows one stage at a time flipped between them
// (issue 18); once a later stage has been reported, an earlier one's updates
// are dropped. Progress is reported from the analysing thread only.
AnalysisHooks with_monotonic_stages(const AnalysisHooks& hooks) {
  if (!hooks.on_progress) return hooks;
  AnalysisHooks out = hooks;
  out.on_progress = [report = hooks.on_progress, reached = std::optional<Stage>()](const Progress& p) mutable {
    std::optional<Stage> stage = parse_stage(p.stage);
    if (stage && reached && *stage < *reached) return;
    if (stage) reached = stage;
    report(p);
  };
  return out;
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
  provenance::Reader provenance_reader;
  std::unique_ptr<HogFaceFinder> hog;   // the second opinion's, and the identity's face finder
  SectionModel<FaceIdentity> identity;  // joins the tracks of one person

  explicit Impl(const AnalyzerConfig& c)
      : config(c), catalog(std::make_shared<const catalog::ModelCatalog>(catalog::ModelCatalog::load(c.models_dir))),
        context{c.models_dir, c.torch_threads, c.device, catalog},
        ensemble(load_ensemble_config(c.ensemble_config.empty() ? c.models_dir / catalog::kEnsembleFile : c.ensemble_config)),
        default_detectors(c.default_detectors.empty() ? catalog::default_detectors_of(ensemble.document)
                                                      : c.default_detectors),
        provenance_reader(c.provenance) {
    // A decode device the build or machine lacks stops start-up, as --device does.
    if (auto why = media::hardware_decoding_available(config.decode_device))
      throw Error(ErrorCode::MODEL_UNAVAILABLE, *why);
    faces = make_face_detector(config.face_detector, context);
    register_catalogue_detectors(*catalog);
    for (const auto& model : catalog->detectors())
      if (model.available()) loaded[model.name] = make_detector(model.name, context);
    for (const auto& name : default_detectors) resolve(name);  // fail at start-up, not per job
    if (config.join_tracks_by_identity) identity.load(config.models_dir);
    if (!identity.unavailable.empty())
      log::warn("face tracks of one person will not be joined", {{"reason", identity.unavailable}});
    if (config.face_second_opinion || identity.model) hog = std::make_unique<HogFaceFinder>();
    load_section_models();
  }

  void load_section_models() {
    if (config.temporal_windows > 0) {
      temporal::LandmarkOptions options;
      options.sampling.windows = config.temporal_windows;
      options.sampling.decode_device = config.decode_device;
      landmarks.load(options);
      lrnet.load(config.models_dir, config.temporal_weights, config.torch_threads);
    }
    if (config.audio_windows > 0) aasist.load(context, config.audio_model);
    for (const auto* why : {&landmarks.unavailable, &lrnet.unavailable, &aasist.unavailable})
      if (!why->empty()) log::warn("an evidence section's model is unavailable", {{"reason", *why}});
  }

  temporal::TemporalOptions temporal_options(const report::Thresholds& thresholds) const {
    return {config.temporal_weights, config.torch_threads, config.temporal_windows, thresholds};
  }

  // evidence.temporal, first part: landmark windows over the video. Its own
  // failures fail only the section (the visual section read the same video).
  // `seen`: where the visual section saw faces, for placing spare windows.
  TemporalLandmarks temporal_landmarks(const std::filesystem::path& media, const std::string& kind,
                                       const report::Thresholds& thresholds, const AnalysisHooks& hooks,
                                       const FramesSeenHandover& seen) {
    TemporalLandmarks out;
    if (config.temporal_windows <= 0) {
      out.off = true;
      return out;
    }
    temporal::TemporalOptions options = temporal_options(thresholds);
    using report::SectionStatus;
    auto end_with = [&](SectionStatus status, const char* reason) {
      out.ended = temporal::temporal_section_without_score(status, reason, options);
      return out;
    };
    if (kind == "image") return end_with(SectionStatus::NotApplicable, "STILL_IMAGE");
    if (kind == "audio") return end_with(SectionStatus::NotApplicable, "NO_VIDEO");
    if (!landmarks.model || !lrnet.model) return end_with(SectionStatus::Unavailable, temporal::kModelUnavailable);
    auto start = Clock::now();
    double waited_ms = 0;  // for the visual section's faces: not the section's work
    temporal::FramesSeen timed_seen = [&] {
      auto asked = Clock::now();
      auto frames = seen.wait();
      waited_ms += ms_since(asked);
      return frames;
    };
    try {
      out.faces = landmarks.model->extract(media, *faces, hooks.should_stop, &out.stats, timed_seen);
    } catch (const Error& e) {
      log::warn("temporal evidence failed", {{"error", e.what()}, {"code", std::string(code_name(e.code()))}});
      out.ended = temporal::temporal_section_without_score(SectionStatus::Failed, "TEMPORAL_FAILED", options);
    }
    out.ms = ms_since(start) - waited_ms;
    return out;
  }

  // evidence.temporal, second part: the windows tied to the visual tracks
  // and scored by LRNet.
  // `kind` is the media's as sampled: a video file of one picture is an image.
  std::optional<report::TemporalEvidence> temporal_section(TemporalLandmarks landmarked, const std::string& kind,
                                                           const SampledFaces& sampled, const FaceTracks& tracked,
                                                           const report::Thresholds& thresholds, ReportInputs& in,
                                                           StageTimings& timings) {
    if (landmarked.off) return std::nullopt;
    if (!landmarked.ended && kind == "image")
      landmarked.ended = temporal::temporal_section_without_score(report::SectionStatus::NotApplicable, "STILL_IMAGE",
                                                                  temporal_options(thresholds));
    timings["temporal"] = landmarked.ms;
    if (landmarked.ended) return landmarked.ended;
    temporal::assign_visual_tracks(landmarked.faces, sampled.frames, tracked.tracks);
    temporal::leave_out_set_aside_faces(landmarked.faces, tracked.set_aside);
    temporal::TemporalResult result =
        temporal::temporal_evidence(temporal::landmark_rows(landmarked.faces), *lrnet.model, temporal_options(thresholds));
    in.temporal_windows = std::move(result.timeline);
    in.decoding.window_frames = landmarked.stats.frames;
    in.decoding.damaged_window_frames = landmarked.stats.damaged_frames;
    timings["temporal"] += result.ms;
    timings["temporal_decode"] = landmarked.stats.decode_ms;
    timings["temporal_faces"] = landmarked.stats.detect_ms;
    timings["temporal_landmarks"] = landmarked.stats.landmark_ms;
    timings["temporal_calibrate"] = landmarked.stats.calibrate_ms;
    timings["temporal_lrnet"] = result.ms;
    return result.section;
  }

  // evidence.audio: speech windows scored by AASIST. Never fails the job.
  AudioSection audio_section(const std::filesystem::path& media, const report::Thresholds& thresholds) {
    if (config.audio_windows <= 0) return {};
    if (!aasist.model)
      return {audio::audio_section_without_score(report::SectionStatus::Unavailable, audio::kModelUnavailable), 0};
    auto start = Clock::now();
    report::AudioEvidence section = audio::analyze_audio(
        media, *aasist.model, {config.audio_model, config.audio_windows, config.audio_scored_windows, thresholds});
    return {section, ms_since(start)};
  }

  using Sections = SectionsInFlight<TemporalLandmarks, AudioSection>;

  // The temporal and audio sections, beside the visual one or after it
  // (detect/sections.hpp); both stop when the job is cancelled.
  Sections start_sections(const std::filesystem::path& media, const std::string& kind,
                          const report::Thresholds& thresholds, const AnalysisHooks& hooks,
                          const std::shared_ptr<FramesSeenHandover>& seen) {
    return detect::start_sections<TemporalLandmarks, AudioSection>(
        config.sections_beside_visual ? SectionSchedule::BesideVisual : SectionSchedule::AfterVisual,
        [this, media, kind, thresholds, &hooks, seen] { return temporal_landmarks(media, kind, thresholds, hooks, *seen); },
        [this, media, thresholds, &hooks] {
          check_stop(hooks);
          return audio_section(media, thresholds);
        },
        return_free_memory);
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
    double decode_ms = decode_frames(
        media, {count, config.torch_threads, false, config.max_pixels, config.decode_device}, on_frame, stats);
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
  report::Settings settings(const JobOptions& options, int frames_used) const {
    return {options.frames, frames_used, DEEPTRACE_VERSION, config.device, config.decode_device};
  }

  Json analyze(const std::filesystem::path& media, const MediaInfo& info, const JobOptions& options,
               const AnalysisHooks& caller_hooks) {
    // What the analysis freed goes back to the system when it ends, failed
    // or not: kept in malloc's arenas it stayed resident, and the next
    // analysis peaked about 60 MB higher (docs/speed.md).
    struct ReturnFreeMemoryAtTheEnd {
      ~ReturnFreeMemoryAtTheEnd() { return_free_memory(); }
    } at_the_end;
    auto start = Clock::now();
    const AnalysisHooks hooks = with_monotonic_stages(caller_hooks);
    validate_options(options);
    std::vector<Detector*> detectors = requested(options);
    check_stop(hooks);
    media::SampleStats stats;
    report::Thresholds thresholds = thresholds_of(ensemble);
    // The file as uploaded: before any section could touch it, and cheap.
    report::Provenance provenance = provenance_reader.read(media, info.content_type);
    auto seen = std::make_shared<FramesSeenHandover>();
    Sections sections = start_sections(media, media::media_kind(info), thresholds, hooks, seen);
    GiveNothingOnExit<std::vector<temporal::FrameSeen>> seen_or_nothing{seen};  // goes before `sections` is joined
    // A sound file has no picture to sample: its visual section is not_applicable (NO_VIDEO).
    bool audio_only = media::is_audio_only(info);
    Sampled result = audio_only ? Sampled{} : sample_and_classify(media, options.frames, detectors, hooks, stats);
    sections.visual_section_done();
    SampledFaces& sampled = result.faces;
    const std::vector<DetectorRun>& runs = result.runs;
    FaceTracks tracked = track_faces(
        sampled.frames, sampled.crops,
        {hog.get(), config.face_second_opinion, audio_only || !identity.model ? nullptr : &*identity.model});
    const std::vector<Track>& tracks = tracked.tracks;
    seen->give(temporal::frames_seen(sampled.frames, tracks));
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
    in.track_identity = tracked.identity;
    in.decoding.frames_end_s = stats.cut_short_at_s;
    in.decoding.damaged_frames = stats.damaged_frames;
    in.decoding.fields_coded_apart = stats.fields_coded_apart;
    in.decoding.hdr_transfer = stats.hdr_transfer;
    StageTimings section_timings;
    if (tracked.identity) section_timings["identity"] = tracked.identity_ms;
    if (hooks.store_artifact && !tracks.empty()) {
      auto saliency_start = Clock::now();
      in.saliency = store_saliency(tracks, scores, sampled, detectors, in.thumbnails, hooks);
      section_timings["saliency"] = ms_since(saliency_start);
    }
    // The crops' last use was above (35 MB for 44 faces): they go before the
    // temporal and audio sections' peaks.
    std::vector<cv::Mat>().swap(sampled.crops);
    in.temporal = temporal_section(
        wait_for_section(sections.temporal, hooks, Stage::Temporal, config.temporal_windows), in.media.kind, sampled,
        tracked, thresholds, in, section_timings);
    check_stop(hooks);
    AudioSection audio = wait_for_section(sections.audio, hooks, Stage::Audio, config.audio_windows > 0 ? 1 : 0);
    in.audio = audio.section;
    if (in.audio) section_timings["audio"] = audio.ms;
    if (provenance.ms) section_timings["provenance"] = *provenance.ms;
    in.provenance = std::move(provenance);
    in.faces_set_aside = tracked.faces_set_aside();
    check_stop(hooks);
    auto timeline = store_artifact(hooks, "timeline.json", "application/json", Json(build_timeline(in)).dump());
    // Busy time per stage; decoding overlaps the rest, so they add up to more than the total.
    in.timings = {stats.open_ms, result.decode_ms, sampled.faces_ms, result.classify_ms, ms_since(start)};
    report::Report report = build_report(in, timeline);
    report.timings_ms.insert(section_timings.begin(), section_timings.end());
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
