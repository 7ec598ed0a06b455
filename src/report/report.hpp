#pragma once
// The report, a completed job's `result`: one typed definition of
// docs/report.schema.json (report_version 2), written by the analyzer and read
// by the CLI. Torch-free on purpose, so readers link it without the models.
// Adding a field: the schema first, then here (struct, to_json, from_json),
// then its producer in src/detect/report.cpp.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace deeptrace::report {

using Json = nlohmann::json;

inline constexpr int kReportVersion = 2;

// A document does not have the shape of report_version 2 (a missing field,
// an unknown enum name, a wrong type).
struct ReportFormatError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Enum names are the schema's $defs.Verdict / $defs.SectionStatus, in order
// (tests/report/contract_test.cpp compares them).
enum class Verdict { LikelyFake, LikelyReal, Inconclusive, NotApplicable };
std::string_view verdict_name(Verdict verdict);
// The words every client shows for a verdict, defined once in the schema
// ($defs.Verdict["x-wording"]): a short label ("No strong signs") and the
// headline of a report ("No strong signs of manipulation found").
std::string_view verdict_label(Verdict verdict);
std::string_view verdict_headline(Verdict verdict);
std::optional<Verdict> parse_verdict(std::string_view name);
const std::vector<Verdict>& all_verdicts();

enum class SectionStatus { Ok, NotApplicable, Unavailable, Failed };
std::string_view section_status_name(SectionStatus status);
std::optional<SectionStatus> parse_section_status(std::string_view name);
const std::vector<SectionStatus>& all_section_statuses();

// The score bounds of the verdicts; the only place a report carries them.
struct Thresholds {
  double likely_fake = 0.7;  // at or above: likely_fake
  double likely_real = 0.3;  // at or below: likely_real; between: inconclusive
};
Verdict verdict_for(double fake_score, const Thresholds& thresholds);

using ScoresByDetector = std::map<std::string, double>;
using Box = std::array<int, 4>;  // x, y, width, height in frame pixels

struct ModelRef {
  std::string name, version, weights_sha256;
};

struct ArtifactRef {
  std::string name, sha256;
  std::int64_t size = 0;
  std::string content_type;
};

struct DetectorResult {
  std::string name, version, weights_sha256;
  double weight = 1.0;
  std::optional<double> fake_score;
  Verdict verdict = Verdict::NotApplicable;
  double ms = 0;
};

// Detectors that contradict each other: some at or above likely_fake, some at
// or below likely_real.
struct Disagreement {
  std::vector<std::string> flagging, clearing;
};

// The fields every evidence section has; clients show any section by these.
struct EvidenceSection {
  SectionStatus status = SectionStatus::NotApplicable;
  std::optional<std::string> reason;  // why status is not ok
  std::optional<double> fake_score;
  Verdict verdict = Verdict::NotApplicable;
  std::vector<DetectorResult> detectors;
  std::optional<Disagreement> disagreement;  // absent when the detectors do not contradict each other
};

struct FaceDetectorInfo {
  std::string name;
  std::vector<ModelRef> models;
};

// Where the detectors' fake score was most sensitive on a track's thumbnail
// crop (issue 18): a heatmap artifact, how it was computed and the detectors
// whose maps it averages. Not proof of editing.
struct TrackSaliency {
  ArtifactRef artifact;
  std::string method;  // "input_gradient"
  std::vector<std::string> detectors;
};

struct FaceTrack {
  int id = 0;
  int faces = 0;
  double first_t = 0, last_t = 0;
  double fake_score = 0;
  Verdict verdict = Verdict::NotApplicable;
  ScoresByDetector scores;
  std::optional<ArtifactRef> thumbnail;  // none when the job kept no artifacts
  double thumbnail_t = 0;
  Box thumbnail_box{};
  // None when no detector gave a map or the job kept no artifacts; absent in
  // reports written before it existed (read as none).
  std::optional<TrackSaliency> saliency{};
};

// One sampled frame, by its most suspicious face; no score without a face.
struct FrameScore {
  double t = 0;
  int faces = 0;
  std::optional<double> fake_score;
  std::optional<ScoresByDetector> scores;
};

// How face tracks of one person were joined (issue 18): the face-recognition
// model, the descriptor distance under which two faces count as one person,
// and how many tracks became part of another.
struct TrackIdentity {
  ModelRef model;
  double max_distance = 0;
  int tracks_joined = 0;
};

struct VisualEvidence : EvidenceSection {
  FaceDetectorInfo face_detector;
  int frames_analyzed = 0, faces_found = 0, faces_classified = 0;
  // Detections a second face detector did not confirm, not scored (absent in
  // reports written before it existed).
  std::optional<int> faces_set_aside;
  // Absent when no face-recognition model was loaded, and in reports written
  // before it existed.
  std::optional<TrackIdentity> track_identity;
  std::optional<int> deciding_track;
  std::string aggregate;
  std::vector<FaceTrack> tracks;
  std::vector<FrameScore> frames;
};

// evidence.temporal: landmark motion along one face's track (LRNet).
struct TemporalTrack {
  int track = -1;  // its id in visual.tracks; -1 when it matched none
  double first_t = 0, last_t = 0;
  int windows = 0;
  double fake_score = 0;
  Verdict verdict = Verdict::NotApplicable;
};

struct LandmarkInfo {
  ModelRef model;           // the landmark predictor and its sha256
  std::string calibration;  // how tracks were smoothed, in words
};

struct TemporalEvidence : EvidenceSection {
  std::string weights;  // the LRNet weight set: ffpp | dfo
  LandmarkInfo landmarks;
  int window_frames = 30;
  int windows_requested = 0, windows_analyzed = 0;
  std::vector<TemporalTrack> tracks;
};

// evidence.audio: voice spoofing in windows of the 16 kHz mono audio (AASIST).
struct AudioWindow {
  double t = 0, duration_s = 0;
  bool speech = false;  // only windows with speech are scored, those with the most speech first
  std::optional<double> fake_score;  // none: no speech, or beyond the windows scored per file
  std::optional<ScoresByDetector> scores;
};

struct AudioEvidence : EvidenceSection {
  int sample_rate = 16000;
  double window_s = 0;
  int windows_analyzed = 0, speech_windows = 0;
  int windows_scored = 0;  // speech windows the model read (absent in older reports: all speech windows)
  std::vector<AudioWindow> windows;
};

struct Evidence {
  VisualEvidence visual;
  std::optional<TemporalEvidence> temporal;  // absent in reports written before it existed
  std::optional<AudioEvidence> audio;        // likewise
  // Sections this build does not know by type (read from newer reports):
  // kept by their common fields, shown by them.
  std::map<std::string, EvidenceSection> other;
};

struct Fusion {
  std::string version, description;
  Json parameters = Json::object();  // the ensemble file less version, description, thresholds
};
// An ensemble document as the report records it: version and description
// apart, the thresholds left out (they are the report's own field).
Fusion fusion_from_ensemble(Json document);

// The audio stream the audio section read.
struct AudioStreamFacts {
  std::string codec;
  int channels = 0, sample_rate = 0;
};

struct MediaFacts {
  std::string sha256;
  std::int64_t size = 0;
  std::string filename, content_type, container, codec;
  double duration_s = 0;
  int width = 0, height = 0;
  double fps = 0;
  std::string kind = "video";  // image | video | audio
  std::optional<std::string> pixel_format;
  std::optional<double> rotation, bit_rate, bits_per_pixel;
  std::optional<double> sample_aspect_ratio;  // only when not square
  std::optional<bool> interlaced;             // only when true
  std::optional<AudioStreamFacts> audio;  // none without an audio stream
};

struct Settings {
  int frames_requested = 1;
  int frames_used = 0;
  std::string software_version;
  // Where the face detector and the detectors ran ("cpu", "cuda:0"); absent
  // in reports written before it existed.
  std::optional<std::string> device{};
  // Where the video decoded ("cpu", "cuda:0": FFmpeg's NVDEC); absent in
  // reports written before it existed.
  std::optional<std::string> decode_device{};
};

struct Warning {
  std::string code, message;
};

// provenance: Content Credentials (C2PA) read from the file, beside the
// detectors ($defs.Provenance). Enum names in the schema's order.
enum class ProvenanceStatus { None, Valid, Invalid, Unverifiable, Unavailable };
std::string_view provenance_status_name(ProvenanceStatus status);
// The words every client shows for it ($defs.ProvenanceStatus["x-wording"]).
std::string_view provenance_status_label(ProvenanceStatus status);
std::optional<ProvenanceStatus> parse_provenance_status(std::string_view name);
const std::vector<ProvenanceStatus>& all_provenance_statuses();

struct ProvenanceSigner {
  std::optional<std::string> issuer, common_name, algorithm, time;
  bool trusted = false;  // chains to the configured trust list
};

struct ProvenanceAction {
  std::string action;  // c2pa.created, c2pa.edited ...
  std::optional<std::string> digital_source_type, software_agent, when;
};

struct ProvenanceIngredient {
  std::optional<std::string> title, relationship, format;
  bool has_manifest = false;
};

struct ProvenanceManifest {
  std::string label;
  std::optional<std::string> claim_generator, title, format;
  ProvenanceSigner signer;
  std::vector<ProvenanceAction> actions;
  std::vector<ProvenanceIngredient> ingredients;
};

struct ProvenanceFailure {
  std::string code;  // a C2PA validation status code
  std::optional<std::string> explanation;
  bool ingredient = false;  // in an ingredient's manifest, not the active one
};

struct SdkRef {
  std::string name, version;
};

struct Provenance {
  ProvenanceStatus status = ProvenanceStatus::Unavailable;
  std::optional<std::string> reason;  // why not valid
  std::string summary;
  bool generative_ai = false;  // a valid manifest's signer says a generative model made the file
  std::optional<SdkRef> sdk;
  std::optional<std::string> trust_list;  // sha256 of the configured anchors
  std::optional<ProvenanceManifest> manifest;
  std::vector<ProvenanceFailure> failures;
  std::vector<std::string> not_fetched;  // REMOTE_MANIFEST, OCSP
  std::optional<std::string> xmp_digital_source_type;
  std::optional<double> ms;
};

// What the report says first when it is not the detectors' verdict.
struct Headline {
  std::string source = "provenance";
  std::string code, text;
};

struct Report {
  int report_version = kReportVersion;
  Verdict verdict = Verdict::NotApplicable;
  std::optional<double> fake_score;
  std::optional<std::string> reason;  // why not_applicable or inconclusive, when a reason is known
  std::optional<std::string> explanation;  // one plain sentence; absent in reports written before it existed
  std::optional<Headline> headline;       // only when provenance decides what the report says first
  std::optional<Provenance> provenance;   // absent in reports written before it existed
  Thresholds thresholds;
  Evidence evidence;
  Fusion fusion;
  MediaFacts media;
  Settings settings;
  std::vector<Warning> warnings;
  std::map<std::string, double> timings_ms;  // "total" always; stages besides
  std::vector<ArtifactRef> artifacts;
  std::string disclaimer;
};

// The timeline.json artifact ($defs/Timeline): every face of every frame.
struct Detection {
  Box box{};
  int track = -1;  // -1: the face joined no track
  double fake_score = 0;
  ScoresByDetector scores;
};

struct TimelineFrame {
  double t = 0;
  int faces = 0;
  std::optional<double> fake_score;
  std::optional<ScoresByDetector> scores;
  std::vector<Detection> detections;
};

// One scored window of one temporal track.
struct TemporalWindow {
  int track = -1;
  double t_start = 0, t_end = 0;
  double fake_score = 0;
  ScoresByDetector scores;
};

struct Timeline {
  std::vector<TimelineFrame> frames;
  std::vector<TemporalWindow> temporal_windows;  // written only when there are some
};

// to_json writes the schema's shape; from_json reads exactly the schema's
// field names and throws ReportFormatError (or nlohmann's type_error) on a
// document of another shape. Found by argument-dependent lookup, so
// Json(report) and json.get<Report>() work.
void to_json(Json& j, const Verdict& v);
void from_json(const Json& j, Verdict& v);
void to_json(Json& j, const SectionStatus& s);
void from_json(const Json& j, SectionStatus& s);
void to_json(Json& j, const Thresholds& t);
void from_json(const Json& j, Thresholds& t);
void to_json(Json& j, const ModelRef& m);
void from_json(const Json& j, ModelRef& m);
void to_json(Json& j, const ArtifactRef& a);
void from_json(const Json& j, ArtifactRef& a);
void to_json(Json& j, const DetectorResult& d);
void from_json(const Json& j, DetectorResult& d);
void to_json(Json& j, const Disagreement& d);
void from_json(const Json& j, Disagreement& d);
void to_json(Json& j, const EvidenceSection& s);
void from_json(const Json& j, EvidenceSection& s);
void to_json(Json& j, const FaceDetectorInfo& f);
void from_json(const Json& j, FaceDetectorInfo& f);
void to_json(Json& j, const TrackSaliency& s);
void from_json(const Json& j, TrackSaliency& s);
void to_json(Json& j, const TrackIdentity& t);
void from_json(const Json& j, TrackIdentity& t);
void to_json(Json& j, const FaceTrack& t);
void from_json(const Json& j, FaceTrack& t);
void to_json(Json& j, const FrameScore& f);
void from_json(const Json& j, FrameScore& f);
void to_json(Json& j, const VisualEvidence& v);
void from_json(const Json& j, VisualEvidence& v);
void to_json(Json& j, const TemporalTrack& t);
void from_json(const Json& j, TemporalTrack& t);
void to_json(Json& j, const LandmarkInfo& l);
void from_json(const Json& j, LandmarkInfo& l);
void to_json(Json& j, const TemporalEvidence& t);
void from_json(const Json& j, TemporalEvidence& t);
void to_json(Json& j, const AudioWindow& w);
void from_json(const Json& j, AudioWindow& w);
void to_json(Json& j, const AudioEvidence& a);
void from_json(const Json& j, AudioEvidence& a);
void to_json(Json& j, const AudioStreamFacts& a);
void from_json(const Json& j, AudioStreamFacts& a);
void to_json(Json& j, const TemporalWindow& w);
void from_json(const Json& j, TemporalWindow& w);
void to_json(Json& j, const Evidence& e);
void from_json(const Json& j, Evidence& e);
void to_json(Json& j, const Fusion& f);
void from_json(const Json& j, Fusion& f);
void to_json(Json& j, const MediaFacts& m);
void from_json(const Json& j, MediaFacts& m);
void to_json(Json& j, const Settings& s);
void from_json(const Json& j, Settings& s);
void to_json(Json& j, const Warning& w);
void from_json(const Json& j, Warning& w);
void to_json(Json& j, const ProvenanceStatus& s);
void from_json(const Json& j, ProvenanceStatus& s);
void to_json(Json& j, const ProvenanceSigner& s);
void from_json(const Json& j, ProvenanceSigner& s);
void to_json(Json& j, const ProvenanceAction& a);
void from_json(const Json& j, ProvenanceAction& a);
void to_json(Json& j, const ProvenanceIngredient& i);
void from_json(const Json& j, ProvenanceIngredient& i);
void to_json(Json& j, const ProvenanceManifest& m);
void from_json(const Json& j, ProvenanceManifest& m);
void to_json(Json& j, const ProvenanceFailure& f);
void from_json(const Json& j, ProvenanceFailure& f);
void to_json(Json& j, const SdkRef& s);
void from_json(const Json& j, SdkRef& s);
void to_json(Json& j, const Provenance& p);
void from_json(const Json& j, Provenance& p);
void to_json(Json& j, const Headline& h);
void from_json(const Json& j, Headline& h);
void to_json(Json& j, const Report& r);
void from_json(const Json& j, Report& r);
void to_json(Json& j, const Detection& d);
void from_json(const Json& j, Detection& d);
void to_json(Json& j, const TimelineFrame& f);
void from_json(const Json& j, TimelineFrame& f);
void to_json(Json& j, const Timeline& t);
void from_json(const Json& j, Timeline& t);

// The report of `result` whatever its version: a report without
// report_version (version 1, stored before the contract) is upgraded first.
// Throws ReportFormatError for a report_version this build does not read.
Report read_report(const Json& result);

}  // namespace deeptrace::report
