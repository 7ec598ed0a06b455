#pragma once
// The worker's view of inference: media file in, report JSON out. Pimpl keeps
// LibTorch and OpenCV headers out of the worker's translation units.
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/job.hpp"
#include "detect/analysis_hooks.hpp"
#include "media/limits.hpp"
#include "provenance/provenance.hpp"

namespace deeptrace::detect {

struct AnalyzerConfig {
  std::filesystem::path models_dir;         // converted models + models.json
  std::string face_detector = "blazeface";
  // Detectors a job that names none runs. Empty: the ensemble's set (the
  // keys of its "weights", sorted by name; catalog::default_detectors_of).
  std::vector<std::string> default_detectors;
  // Fusion weights and thresholds; empty: <models_dir>/ensemble.json.
  std::filesystem::path ensemble_config;
  int torch_threads = 2;
  // Where the face detector and the detectors run: "cpu" or "cuda[:N]" (a
  // CUDA build; see DetectorContext). Reported as settings.device.
  std::string device = "cpu";
  // Where video decodes: "cpu", or "cuda[:N]" for FFmpeg's NVDEC
  // (media::hardware_decoding_available, checked at start-up). Reported as
  // settings.decode_device.
  std::string decode_device = "cpu";
  // Decode on a second thread while faces and detectors run on the frames
  // already decoded. Off: one thread does everything in turn (the benchmark
  // compares both).
  bool overlap_decoding = true;
  // Run the temporal and audio sections on a thread of their own while the
  // visual section samples and classifies: the shortest analysis. Off: each
  // after the visual section, when the analysis needs it, so that only one
  // section's frames and tensors are held at a time: the smallest peak
  // memory (worker --sections-after-visual; docs/speed.md has both).
  bool sections_beside_visual = true;
  // Pictures with more pixels fail with RESOLUTION_TOO_HIGH, undecoded.
  std::int64_t max_pixels = media::kDefaultMaxPixels;
  // Temporal evidence (LRNet, docs/temporal.md): K windows of consecutive
  // frames spread over a video, scored with one weight set; 0 windows: off.
  // Each window costs about 0.6 s on 2 cores for 1080p (README, detect_bench).
  int temporal_windows = 1;
  // dfo: chosen by the evaluation harness (docs/temporal.md, Weight sets).
  std::string temporal_weights = "dfo";  // dfo | ffpp
  // Audio evidence (AASIST, docs/audio.md): the model; at most
  // audio_windows 4 s windows read and checked for speech, spread over the
  // audio (0: off; 8 cover a 32 s clip, and reading them costs a few ms);
  // of those, at most audio_scored_windows with the most speech scored (each
  // costs about 0.3 to 0.4 s on 2 cores).
  std::string audio_model = "aasist";  // aasist | aasist_l (barely cheaper)
  int audio_windows = 8;
  int audio_scored_windows = 1;
  // A second face detector (dlib's HOG) must confirm a face track before it
  // is scored (issue 18, defect 2); off: every BlazeFace track is scored.
  bool face_second_opinion = true;
  // Join the face tracks of one person (a camera cut splits them) with dlib's
  // face-recognition model (face_identity.hpp); without the model's files
  // tracks stay as position linked them and the report says nothing of it.
  bool join_tracks_by_identity = true;
  // Content Credentials (C2PA, docs/provenance.md): the trust list signers
  // are checked against (none by default). Reading costs milliseconds for
  // pictures; for a signed video the SDK hashes the whole file.
  provenance::ReaderConfig provenance;
};

// Whether this build's LibTorch and this machine can run models on CUDA.
bool cuda_available();

struct DetectorCard {
  std::string name;
  bool available = false;
  Json card;  // name, version, weights_sha256, paper, training data, limits ...
};

class Analyzer {
 public:
  // Reads the model catalogue and loads every available model once per
  // process. Throws Error(MODEL_UNAVAILABLE) if a default detector's weights
  // are missing.
  explicit Analyzer(const AnalyzerConfig& config);
  ~Analyzer();
  Analyzer(const Analyzer&) = delete;
  Analyzer& operator=(const Analyzer&) = delete;

  // The report (docs/report.schema.json, typed in src/report/report.hpp):
  // verdict, fake score, thresholds, evidence.visual (faces, tracks, frames,
  // detectors), fusion, media, settings, warnings, artifacts, timings. `info`
  // (the stored upload's facts: sha256, content type...) goes into the report.
  // Throws Error (CORRUPT_MEDIA, ...).
  Json analyze(const std::filesystem::path& media, const MediaInfo& info, const JobOptions& options,
               const AnalysisHooks& hooks);
  // For tools and tests: the media facts come from the file alone.
  Json analyze(const std::filesystem::path& media, const JobOptions& options, const AnalysisHooks& hooks);

  // Every detector the catalogue lists, with its card.
  std::vector<DetectorCard> detectors() const;
  // The detectors a job that names none runs.
  const std::vector<std::string>& default_detectors() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace deeptrace::detect
