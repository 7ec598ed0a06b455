#include "report/report.hpp"

#include <algorithm>
#include <utility>

#include "core/enum_names.hpp"
#include "report/json_fields.hpp"
#include "report/legacy.hpp"
#include "report/verdict_wording.hpp"

namespace deeptrace::report {
using namespace detail;

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
  put_if(j, "sample_aspect_ratio", m.sample_aspect_ratio);
  put_if(j, "interlaced", m.interlaced);
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
  m.sample_aspect_ratio = get_if<double>(j, "sample_aspect_ratio");
  m.interlaced = get_if<bool>(j, "interlaced");
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
