// to_json / from_json of the report's evidence sections (visual, temporal,
// audio) and their parts.
#include "report/json_fields.hpp"
#include "report/report.hpp"

namespace deeptrace::report {
using namespace detail;

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
  t.saliency = null_or_absent_at<TrackSaliency>(j, "saliency");
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

}  // namespace deeptrace::report
