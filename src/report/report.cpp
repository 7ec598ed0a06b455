#include "report/report.hpp"

#include <algorithm>
#include <utility>

#include "core/enum_names.hpp"
#include "report/legacy.hpp"
#include "report/verdict_wording.hpp"

namespace deeptrace::report {
namespace {

// Enum names in the schema's order; the contract test compares the two.
constexpr EnumNames<Verdict, 4> kVerdictNames = {{
    {Verdict::LikelyFake, "likely_fake"},
    {Verdict::LikelyReal, "likely_real"},
    {Verdict::Inconclusive, "inconclusive"},
    {Verdict::NotApplicable, "not_applicable"},
}};

constexpr EnumNames<ProvenanceStatus, 5> kProvenanceStatusNames = {{
    {ProvenanceStatus::None, "none"},
    {ProvenanceStatus::Valid, "valid"},
    {ProvenanceStatus::Invalid, "invalid"},
    {ProvenanceStatus::Unverifiable, "unverifiable"},
    {ProvenanceStatus::Unavailable, "unavailable"},
}};

constexpr EnumNames<SectionStatus, 4> kSectionStatusNames = {{
    {SectionStatus::Ok, "ok"},
    {SectionStatus::NotApplicable, "not_applicable"},
    {SectionStatus::Unavailable, "unavailable"},
    {SectionStatus::Failed, "failed"},
}};

// Optional fields: null in the document, nullopt here.
template <typename T>
Json nullable(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

template <typename T>
std::optional<T> nullable_at(const Json& j, const char* name) {
  const Json& v = j.at(name);
  if (v.is_null()) return std::nullopt;
  return v.get<T>();
}

// Optional fields the schema does not require: absent, not null.
template <typename T>
void put_if(Json& j, const char* name, const std::optional<T>& value) {
  if (value) j[name] = *value;
}

// Optional and nullable fields (added after their object): absent or null.
template <typename T>
std::optional<T> nullable_if(const Json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

template <typename T>
std::optional<T> get_if(const Json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end()) return std::nullopt;
  return it->get<T>();
}

// Fields written as null when unknown and read as absent or null alike.
template <typename T>
std::optional<T> null_or_absent_at(const Json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

std::string enum_text(const Json& j, const char* what) {
  if (!j.is_string()) throw ReportFormatError(std::string(what) + " is not a string: " + j.dump());
  return j.get<std::string>();
}

}  // namespace

std::string_view verdict_name(Verdict verdict) { return name_in(kVerdictNames, verdict); }
std::optional<Verdict> parse_verdict(std::string_view name) { return parse_in(kVerdictNames, name); }

namespace {
size_t schema_index(Verdict verdict) {
  const auto& names = generated::kVerdictNamesInSchemaOrder;
  return static_cast<size_t>(std::find(names.begin(), names.end(), verdict_name(verdict)) - names.begin());
}
}  // namespace

std::string_view verdict_label(Verdict verdict) { return generated::kVerdictLabels.at(schema_index(verdict)); }
std::string_view verdict_headline(Verdict verdict) { return generated::kVerdictHeadlines.at(schema_index(verdict)); }
const std::vector<Verdict>& all_verdicts() {
  static const std::vector<Verdict> verdicts = values_of(kVerdictNames);
  return verdicts;
}

std::string_view provenance_status_name(ProvenanceStatus status) { return name_in(kProvenanceStatusNames, status); }
std::optional<ProvenanceStatus> parse_provenance_status(std::string_view name) {
  return parse_in(kProvenanceStatusNames, name);
}
const std::vector<ProvenanceStatus>& all_provenance_statuses() {
  static const std::vector<ProvenanceStatus> statuses = values_of(kProvenanceStatusNames);
  return statuses;
}
std::string_view provenance_status_label(ProvenanceStatus status) {
  const auto& names = generated::kProvenanceStatusNamesInSchemaOrder;
  auto at = std::find(names.begin(), names.end(), provenance_status_name(status)) - names.begin();
  return generated::kProvenanceStatusLabels.at(static_cast<size_t>(at));
}

std::string_view section_status_name(SectionStatus status) { return name_in(kSectionStatusNames, status); }
std::optional<SectionStatus> parse_section_status(std::string_view name) { return parse_in(kSectionStatusNames, name); }
const std::vector<SectionStatus>& all_section_statuses() {
  static const std::vector<SectionStatus> statuses = values_of(kSectionStatusNames);
  return statuses;
}

Fusion fusion_from_ensemble(Json document) {
  Fusion fusion{document.value("version", ""), document.value("description", ""), {}};
  for (const char* stated_elsewhere : {"version", "description", "thresholds"}) document.erase(stated_elsewhere);
  fusion.parameters = std::move(document);
  return fusion;
}

Verdict verdict_for(double fake_score, const Thresholds& thresholds) {
  if (fake_score >= thresholds.likely_fake) return Verdict::LikelyFake;
  if (fake_score <= thresholds.likely_real) return Verdict::LikelyReal;
  return Verdict::Inconclusive;
}

void to_json(Json& j, const Verdict& v) { j = verdict_name(v); }
void from_json(const Json& j, Verdict& v) {
  std::string name = enum_text(j, "verdict");
  auto parsed = parse_verdict(name);
  if (!parsed) throw ReportFormatError("unknown verdict '" + name + "'");
  v = *parsed;
}

void to_json(Json& j, const SectionStatus& s) { j = section_status_name(s); }
void from_json(const Json& j, SectionStatus& s) {
  std::string name = enum_text(j, "section status");
  auto parsed = parse_section_status(name);
  if (!parsed) throw ReportFormatError("unknown section status '" + name + "'");
  s = *parsed;
}

void to_json(Json& j, const ProvenanceStatus& s) { j = provenance_status_name(s); }
void from_json(const Json& j, ProvenanceStatus& s) {
  std::string name = enum_text(j, "provenance status");
  auto parsed = parse_provenance_status(name);
  if (!parsed) throw ReportFormatError("unknown provenance status '" + name + "'");
  s = *parsed;
}

void to_json(Json& j, const Thresholds& t) { j = {{"likely_fake", t.likely_fake}, {"likely_real", t.likely_real}}; }
void from_json(const Json& j, Thresholds& t) {
  j.at("likely_fake").get_to(t.likely_fake);
  j.at("likely_real").get_to(t.likely_real);
}

void to_json(Json& j, const ModelRef& m) {
  j = {{"name", m.name}, {"version", m.version}, {"weights_sha256", m.weights_sha256}};
}
void from_json(const Json& j, ModelRef& m) {
  j.at("name").get_to(m.name);
  j.at("version").get_to(m.version);
  j.at("weights_sha256").get_to(m.weights_sha256);
}

void to_json(Json& j, const ArtifactRef& a) {
  j = {{"name", a.name}, {"sha256", a.sha256}, {"size", a.size}, {"content_type", a.content_type}};
}
void from_json(const Json& j, ArtifactRef& a) {
  j.at("name").get_to(a.name);
  j.at("sha256").get_to(a.sha256);
  j.at("size").get_to(a.size);
  j.at("content_type").get_to(a.content_type);
}

void to_json(Json& j, const DetectorResult& d) {
  j = {{"name", d.name},   {"version", d.version},   {"weights_sha256", d.weights_sha256},
       {"weight", d.weight}, {"fake_score", nullable(d.fake_score)}, {"verdict", d.verdict}, {"ms", d.ms}};
}
void from_json(const Json& j, DetectorResult& d) {
  j.at("name").get_to(d.name);
  j.at("version").get_to(d.version);
  j.at("weights_sha256").get_to(d.weights_sha256);
  j.at("weight").get_to(d.weight);
  d.fake_score = nullable_at<double>(j, "fake_score");
  j.at("verdict").get_to(d.verdict);
  j.at("ms").get_to(d.ms);
}

void to_json(Json& j, const Disagreement& d) { j = {{"flagging", d.flagging}, {"clearing", d.clearing}}; }
void from_json(const Json& j, Disagreement& d) {
  j.at("flagging").get_to(d.flagging);
  j.at("clearing").get_to(d.clearing);
}

void to_json(Json& j, const EvidenceSection& s) {
  j = {{"status", s.status}, {"reason", nullable(s.reason)}, {"fake_score", nullable(s.fake_score)},
       {"verdict", s.verdict}, {"detectors", s.detectors}};
  put_if(j, "disagreement", s.disagreement);
}
void from_json(const Json& j, EvidenceSection& s) {
  j.at("status").get_to(s.status);
  s.reason = nullable_at<std::string>(j, "reason");
  s.fake_score = nullable_at<double>(j, "fake_score");
  j.at("verdict").get_to(s.verdict);
  j.at("detectors").get_to(s.detectors);
  s.disagreement = get_if<Disagreement>(j, "disagreement");
}

void to_json(Json& j, const FaceDetectorInfo& f) { j = {{"name", f.name}, {"models", f.models}}; }
void from_json(const Json& j, FaceDetectorInfo& f) {
  j.at("name").get_to(f.name);
  j.at("models").get_to(f.models);
}

void to_json(Json& j, const TrackSaliency& s) {
  j = {{"artifact", s.artifact}, {"method", s.method}, {"detectors", s.detectors}};
}
void from_json(const Json& j, TrackSaliency& s) {
  j.at("artifact").get_to(s.artifact);
  j.at("method").get_to(s.method);
  j.at("detectors").get_to(s.detectors);
}

void to_json(Json& j, const TrackIdentity& t) {
  j = Json{{"model", t.model}, {"max_distance", t.max_distance}, {"tracks_joined", t.tracks_joined}};
}
void from_json(const Json& j, TrackIdentity& t) {
  j.at("model").get_to(t.model);
  j.at("max_distance").get_to(t.max_distance);
  j.at("tracks_joined").get_to(t.tracks_joined);
}
void to_json(Json& j, const FaceTrack& t) {
  j = {{"id", t.id},
       {"faces", t.faces},
       {"first_t", t.first_t},
       {"last_t", t.last_t},
       {"fake_score", t.fake_score},
       {"verdict", t.verdict},
       {"scores", t.scores},
       {"thumbnail", nullable(t.thumbnail)},
       {"thumbnail_t", t.thumbnail_t},
       {"thumbnail_box", t.thumbnail_box},
       {"saliency", nullable(t.saliency)}};
}
void from_json(const Json& j, FaceTrack& t) {
  j.at("id").get_to(t.id);
  j.at("faces").get_to(t.faces);
  j.at("first_t").get_to(t.first_t);
  j.at("last_t").get_to(t.last_t);
  j.at("fake_score").get_to(t.fake_score);
  j.at("verdict").get_to(t.verdict);
  j.at("scores").get_to(t.scores);
  t.thumbnail = nullable_at<ArtifactRef>(j, "thumbnail");
  j.at("thumbnail_t").get_to(t.thumbnail_t);
  j.at("thumbnail_box").get_to(t.thumbnail_box);
  t.saliency = nullable_if<TrackSaliency>(j, "saliency");
}

void to_json(Json& j, const FrameScore& f) {
  j = {{"t", f.t}, {"faces", f.faces}, {"fake_score", nullable(f.fake_score)}};
  put_if(j, "scores", f.scores);
}
void from_json(const Json& j, FrameScore& f) {
  j.at("t").get_to(f.t);
  j.at("faces").get_to(f.faces);
  f.fake_score = nullable_at<double>(j, "fake_score");
  f.scores = get_if<ScoresByDetector>(j, "scores");
}

void to_json(Json& j, const VisualEvidence& v) {
  to_json(j, static_cast<const EvidenceSection&>(v));
  j["face_detector"] = v.face_detector;
  j["frames_analyzed"] = v.frames_analyzed;
  j["faces_found"] = v.faces_found;
  j["faces_classified"] = v.faces_classified;
  put_if(j, "faces_set_aside", v.faces_set_aside);
  put_if(j, "track_identity", v.track_identity);
  j["deciding_track"] = nullable(v.deciding_track);
  j["aggregate"] = v.aggregate;
  j["tracks"] = v.tracks;
  j["frames"] = v.frames;
}
void from_json(const Json& j, VisualEvidence& v) {
  from_json(j, static_cast<EvidenceSection&>(v));
  j.at("face_detector").get_to(v.face_detector);
  j.at("frames_analyzed").get_to(v.frames_analyzed);
  j.at("faces_found").get_to(v.faces_found);
  j.at("faces_classified").get_to(v.faces_classified);
  v.faces_set_aside = get_if<int>(j, "faces_set_aside");
  v.track_identity = get_if<TrackIdentity>(j, "track_identity");
  v.deciding_track = nullable_at<int>(j, "deciding_track");
  j.at("aggregate").get_to(v.aggregate);
  j.at("tracks").get_to(v.tracks);
  j.at("frames").get_to(v.frames);
}

void to_json(Json& j, const TemporalTrack& t) {
  j = {{"track", t.track},     {"first_t", t.first_t},       {"last_t", t.last_t},
       {"windows", t.windows}, {"fake_score", t.fake_score}, {"verdict", t.verdict}};
}
void from_json(const Json& j, TemporalTrack& t) {
  j.at("track").get_to(t.track);
  j.at("first_t").get_to(t.first_t);
  j.at("last_t").get_to(t.last_t);
  j.at("windows").get_to(t.windows);
  j.at("fake_score").get_to(t.fake_score);
  j.at("verdict").get_to(t.verdict);
}

void to_json(Json& j, const LandmarkInfo& l) { j = {{"model", l.model}, {"calibration", l.calibration}}; }
void from_json(const Json& j, LandmarkInfo& l) {
  j.at("model").get_to(l.model);
  j.at("calibration").get_to(l.calibration);
}

void to_json(Json& j, const TemporalEvidence& t) {
  to_json(j, static_cast<const EvidenceSection&>(t));
  j["weights"] = t.weights;
  j["landmarks"] = t.landmarks;
  j["window_frames"] = t.window_frames;
  j["windows_requested"] = t.windows_requested;
  j["windows_analyzed"] = t.windows_analyzed;
  j["tracks"] = t.tracks;
}
void from_json(const Json& j, TemporalEvidence& t) {
  from_json(j, static_cast<EvidenceSection&>(t));
  j.at("weights").get_to(t.weights);
  j.at("landmarks").get_to(t.landmarks);
  j.at("window_frames").get_to(t.window_frames);
  j.at("windows_requested").get_to(t.windows_requested);
  j.at("windows_analyzed").get_to(t.windows_analyzed);
  j.at("tracks").get_to(t.tracks);
}

void to_json(Json& j, const AudioWindow& w) {
  j = {{"t", w.t}, {"duration_s", w.duration_s}, {"speech", w.speech}, {"fake_score", nullable(w.fake_score)}};
  put_if(j, "scores", w.scores);
}
void from_json(const Json& j, AudioWindow& w) {
  j.at("t").get_to(w.t);
  j.at("duration_s").get_to(w.duration_s);
  j.at("speech").get_to(w.speech);
  w.fake_score = nullable_at<double>(j, "fake_score");
  w.scores = get_if<ScoresByDetector>(j, "scores");
}

void to_json(Json& j, const AudioEvidence& a) {
  to_json(j, static_cast<const EvidenceSection&>(a));
  j["sample_rate"] = a.sample_rate;
  j["window_s"] = a.window_s;
  j["windows_analyzed"] = a.windows_analyzed;
  j["speech_windows"] = a.speech_windows;
  j["windows_scored"] = a.windows_scored;
  j["windows"] = a.windows;
}
void from_json(const Json& j, AudioEvidence& a) {
  from_json(j, static_cast<EvidenceSection&>(a));
  j.at("sample_rate").get_to(a.sample_rate);
  j.at("window_s").get_to(a.window_s);
  j.at("windows_analyzed").get_to(a.windows_analyzed);
  j.at("speech_windows").get_to(a.speech_windows);
  a.windows_scored = j.value("windows_scored", a.speech_windows);
  j.at("windows").get_to(a.windows);
}

void to_json(Json& j, const Evidence& e) {
  j = Json::object();
  for (const auto& [name, section] : e.other) j[name] = section;
  j["visual"] = e.visual;
  put_if(j, "temporal", e.temporal);
  put_if(j, "audio", e.audio);
}
void from_json(const Json& j, Evidence& e) {
  if (!j.is_object()) throw ReportFormatError("evidence is not an object");
  j.at("visual").get_to(e.visual);
  e.temporal = get_if<TemporalEvidence>(j, "temporal");
  e.audio = get_if<AudioEvidence>(j, "audio");
  e.other.clear();
  for (const auto& [name, section] : j.items())
    if (name != "visual" && name != "temporal" && name != "audio") e.other[name] = section.get<EvidenceSection>();
}

void to_json(Json& j, const AudioStreamFacts& a) {
  j = {{"codec", a.codec}, {"channels", a.channels}, {"sample_rate", a.sample_rate}};
}
void from_json(const Json& j, AudioStreamFacts& a) {
  j.at("codec").get_to(a.codec);
  j.at("channels").get_to(a.channels);
  j.at("sample_rate").get_to(a.sample_rate);
}

void to_json(Json& j, const Fusion& f) {
  j = {{"version", f.version}, {"description", f.description}, {"parameters", f.parameters}};
}
void from_json(const Json& j, Fusion& f) {
  j.at("version").get_to(f.version);
  j.at("description").get_to(f.description);
  f.parameters = j.at("parameters");
}

void to_json(Json& j, const MediaFacts& m) {
  j = {{"sha256", m.sha256},     {"size", m.size},     {"filename", m.filename}, {"content_type", m.content_type},
       {"container", m.container}, {"codec", m.codec}, {"duration_s", m.duration_s}, {"width", m.width},
       {"height", m.height},     {"fps", m.fps},       {"kind", m.kind}};
  put_if(j, "pixel_format", m.pixel_format);
  put_if(j, "rotation", m.rotation);
  put_if(j, "bit_rate", m.bit_rate);
  put_if(j, "bits_per_pixel", m.bits_per_pixel);
  put_if(j, "audio", m.audio);
}
void from_json(const Json& j, MediaFacts& m) {
  j.at("sha256").get_to(m.sha256);
  j.at("size").get_to(m.size);
  j.at("filename").get_to(m.filename);
  j.at("content_type").get_to(m.content_type);
  j.at("container").get_to(m.container);
  j.at("codec").get_to(m.codec);
  j.at("duration_s").get_to(m.duration_s);
  j.at("width").get_to(m.width);
  j.at("height").get_to(m.height);
  j.at("fps").get_to(m.fps);
  j.at("kind").get_to(m.kind);
  m.pixel_format = get_if<std::string>(j, "pixel_format");
  m.rotation = get_if<double>(j, "rotation");
  m.bit_rate = get_if<double>(j, "bit_rate");
  m.bits_per_pixel = get_if<double>(j, "bits_per_pixel");
  m.audio = get_if<AudioStreamFacts>(j, "audio");
}

void to_json(Json& j, const Settings& s) {
  j = {{"frames_requested", s.frames_requested}, {"frames_used", s.frames_used},
       {"software_version", s.software_version}};
  put_if(j, "device", s.device);
  put_if(j, "decode_device", s.decode_device);
}
void from_json(const Json& j, Settings& s) {
  j.at("frames_requested").get_to(s.frames_requested);
  j.at("frames_used").get_to(s.frames_used);
  j.at("software_version").get_to(s.software_version);
  s.device = get_if<std::string>(j, "device");
  s.decode_device = get_if<std::string>(j, "decode_device");
}

void to_json(Json& j, const Warning& w) { j = {{"code", w.code}, {"message", w.message}}; }
void from_json(const Json& j, Warning& w) {
  j.at("code").get_to(w.code);
  j.at("message").get_to(w.message);
}

void to_json(Json& j, const ProvenanceSigner& s) {
  j = {{"issuer", nullable(s.issuer)},       {"common_name", nullable(s.common_name)},
       {"algorithm", nullable(s.algorithm)}, {"time", nullable(s.time)},
       {"trusted", s.trusted}};
}
void from_json(const Json& j, ProvenanceSigner& s) {
  s.issuer = nullable_at<std::string>(j, "issuer");
  s.common_name = nullable_at<std::string>(j, "common_name");
  s.algorithm = null_or_absent_at<std::string>(j, "algorithm");
  s.time = nullable_at<std::string>(j, "time");
  j.at("trusted").get_to(s.trusted);
}

void to_json(Json& j, const ProvenanceAction& a) {
  j = {{"action", a.action},
       {"digital_source_type", nullable(a.digital_source_type)},
       {"software_agent", nullable(a.software_agent)},
       {"when", nullable(a.when)}};
}
void from_json(const Json& j, ProvenanceAction& a) {
  j.at("action").get_to(a.action);
  a.digital_source_type = nullable_at<std::string>(j, "digital_source_type");
  a.software_agent = nullable_at<std::string>(j, "software_agent");
  a.when = null_or_absent_at<std::string>(j, "when");
}

void to_json(Json& j, const ProvenanceIngredient& i) {
  j = {{"title", nullable(i.title)},
       {"relationship", nullable(i.relationship)},
       {"format", nullable(i.format)},
       {"has_manifest", i.has_manifest}};
}
void from_json(const Json& j, ProvenanceIngredient& i) {
  i.title = nullable_at<std::string>(j, "title");
  i.relationship = nullable_at<std::string>(j, "relationship");
  i.format = null_or_absent_at<std::string>(j, "format");
  j.at("has_manifest").get_to(i.has_manifest);
}

void to_json(Json& j, const ProvenanceManifest& m) {
  j = {{"label", m.label},     {"claim_generator", nullable(m.claim_generator)},
       {"title", nullable(m.title)}, {"format", nullable(m.format)},
       {"signer", m.signer},   {"actions", m.actions},
       {"ingredients", m.ingredients}};
}
void from_json(const Json& j, ProvenanceManifest& m) {
  j.at("label").get_to(m.label);
  m.claim_generator = nullable_at<std::string>(j, "claim_generator");
  m.title = nullable_at<std::string>(j, "title");
  m.format = null_or_absent_at<std::string>(j, "format");
  j.at("signer").get_to(m.signer);
  j.at("actions").get_to(m.actions);
  j.at("ingredients").get_to(m.ingredients);
}

void to_json(Json& j, const ProvenanceFailure& f) {
  j = {{"code", f.code}, {"explanation", nullable(f.explanation)}, {"ingredient", f.ingredient}};
}
void from_json(const Json& j, ProvenanceFailure& f) {
  j.at("code").get_to(f.code);
  f.explanation = nullable_at<std::string>(j, "explanation");
  j.at("ingredient").get_to(f.ingredient);
}

void to_json(Json& j, const SdkRef& s) { j = {{"name", s.name}, {"version", s.version}}; }
void from_json(const Json& j, SdkRef& s) {
  j.at("name").get_to(s.name);
  j.at("version").get_to(s.version);
}

void to_json(Json& j, const Provenance& p) {
  j = {{"status", p.status},
       {"reason", nullable(p.reason)},
       {"summary", p.summary},
       {"generative_ai", p.generative_ai},
       {"sdk", nullable(p.sdk)},
       {"trust_list", nullable(p.trust_list)},
       {"manifest", nullable(p.manifest)},
       {"failures", p.failures},
       {"not_fetched", p.not_fetched},
       {"xmp_digital_source_type", nullable(p.xmp_digital_source_type)}};
  put_if(j, "ms", p.ms);
}
void from_json(const Json& j, Provenance& p) {
  j.at("status").get_to(p.status);
  p.reason = nullable_at<std::string>(j, "reason");
  j.at("summary").get_to(p.summary);
  j.at("generative_ai").get_to(p.generative_ai);
  p.sdk = nullable_at<SdkRef>(j, "sdk");
  p.trust_list = nullable_at<std::string>(j, "trust_list");
  p.manifest = nullable_at<ProvenanceManifest>(j, "manifest");
  j.at("failures").get_to(p.failures);
  j.at("not_fetched").get_to(p.not_fetched);
  p.xmp_digital_source_type = nullable_at<std::string>(j, "xmp_digital_source_type");
  p.ms = get_if<double>(j, "ms");
}

void to_json(Json& j, const Headline& h) { j = {{"source", h.source}, {"code", h.code}, {"text", h.text}}; }
void from_json(const Json& j, Headline& h) {
  j.at("source").get_to(h.source);
  j.at("code").get_to(h.code);
  j.at("text").get_to(h.text);
}

void to_json(Json& j, const Report& r) {
  j = {{"report_version", r.report_version},
       {"verdict", r.verdict},
       {"fake_score", nullable(r.fake_score)},
       {"reason", nullable(r.reason)},
       {"thresholds", r.thresholds},
       {"evidence", r.evidence},
       {"fusion", r.fusion},
       {"media", r.media},
       {"settings", r.settings},
       {"warnings", r.warnings},
       {"timings_ms", r.timings_ms},
       {"artifacts", r.artifacts},
       {"disclaimer", r.disclaimer}};
  put_if(j, "explanation", r.explanation);
  put_if(j, "headline", r.headline);
  put_if(j, "provenance", r.provenance);
}
void from_json(const Json& j, Report& r) {
  j.at("report_version").get_to(r.report_version);
  if (r.report_version != kReportVersion)
    throw ReportFormatError("report_version " + std::to_string(r.report_version) + " is not " +
                            std::to_string(kReportVersion));
  j.at("verdict").get_to(r.verdict);
  r.fake_score = nullable_at<double>(j, "fake_score");
  r.reason = nullable_at<std::string>(j, "reason");
  r.explanation = get_if<std::string>(j, "explanation");
  r.headline = get_if<Headline>(j, "headline");
  r.provenance = get_if<Provenance>(j, "provenance");
  j.at("thresholds").get_to(r.thresholds);
  j.at("evidence").get_to(r.evidence);
  j.at("fusion").get_to(r.fusion);
  j.at("media").get_to(r.media);
  j.at("settings").get_to(r.settings);
  j.at("warnings").get_to(r.warnings);
  j.at("timings_ms").get_to(r.timings_ms);
  j.at("artifacts").get_to(r.artifacts);
  j.at("disclaimer").get_to(r.disclaimer);
}

void to_json(Json& j, const Detection& d) {
  j = {{"box", d.box}, {"track", d.track}, {"fake_score", d.fake_score}, {"scores", d.scores}};
}
void from_json(const Json& j, Detection& d) {
  j.at("box").get_to(d.box);
  j.at("track").get_to(d.track);
  j.at("fake_score").get_to(d.fake_score);
  j.at("scores").get_to(d.scores);
}

void to_json(Json& j, const TimelineFrame& f) {
  j = {{"t", f.t}, {"faces", f.faces}, {"fake_score", nullable(f.fake_score)}, {"detections", f.detections}};
  put_if(j, "scores", f.scores);
}
void from_json(const Json& j, TimelineFrame& f) {
  j.at("t").get_to(f.t);
  j.at("faces").get_to(f.faces);
  f.fake_score = nullable_at<double>(j, "fake_score");
  f.scores = get_if<ScoresByDetector>(j, "scores");
  j.at("detections").get_to(f.detections);
}

void to_json(Json& j, const TemporalWindow& w) {
  j = {{"track", w.track}, {"t_start", w.t_start}, {"t_end", w.t_end}, {"fake_score", w.fake_score}, {"scores", w.scores}};
}
void from_json(const Json& j, TemporalWindow& w) {
  j.at("track").get_to(w.track);
  j.at("t_start").get_to(w.t_start);
  j.at("t_end").get_to(w.t_end);
  j.at("fake_score").get_to(w.fake_score);
  j.at("scores").get_to(w.scores);
}

void to_json(Json& j, const Timeline& t) {
  j = {{"frames", t.frames}};
  if (!t.temporal_windows.empty()) j["temporal_windows"] = t.temporal_windows;
}
void from_json(const Json& j, Timeline& t) {
  j.at("frames").get_to(t.frames);
  t.temporal_windows = j.value("temporal_windows", std::vector<TemporalWindow>{});
}

Report read_report(const Json& result) {
  if (!result.is_object()) throw ReportFormatError("the report is not an object");
  if (!result.contains("report_version")) return upgrade_legacy_report(result).get<Report>();
  return result.get<Report>();
}

}  // namespace deeptrace::report
