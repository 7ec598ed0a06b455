// Version 1 → 2 (docs/report.md): the face fields move under
// evidence.visual, thresholds are written once, the ensemble document becomes
// `fusion`, settings keep only what the job asked for and the software version.
// Version 1 had two shapes: the first producer (15a7646) wrote no media,
// settings, ensemble, tracks or artifacts, and a median_fake_score per
// detector; from 992eff1 on the report had every field the fixtures in
// tests/vectors show. Defaults fill what the first shape lacks.
#include "report/legacy.hpp"

#include "report/report.hpp"

namespace deeptrace::report {
namespace {

constexpr const char* kNoFace = "NO_FACE";

const Json& field_or(const Json& doc, const char* name, const Json& fallback) {
  auto it = doc.find(name);
  return it == doc.end() || it->is_null() ? fallback : *it;
}

// v1 wrote them twice: thresholds {fake, real} and settings.thresholds
// {likely_fake, likely_real}; the ensemble file holds the same pair.
Thresholds legacy_thresholds(const Json& v1) {
  Thresholds t;
  const Json& settings = field_or(v1, "settings", Json::object());
  if (const Json& named = field_or(settings, "thresholds", Json()); named.is_object()) {
    t.likely_fake = named.value("likely_fake", t.likely_fake);
    t.likely_real = named.value("likely_real", t.likely_real);
  }
  if (const Json& short_names = field_or(v1, "thresholds", Json()); short_names.is_object()) {
    t.likely_fake = short_names.value("fake", t.likely_fake);
    t.likely_real = short_names.value("real", t.likely_real);
  }
  return t;
}

// v1 left out a detector's verdict when nothing was scored, had no weight
// before the ensemble, and once carried a median_fake_score (dropped).
Json legacy_detectors(const Json& v1) {
  Json detectors = Json::array();
  for (const Json& d : field_or(v1, "detectors", Json::array()))
    detectors.push_back({{"name", field_or(d, "name", Json(""))},
                         {"version", field_or(d, "version", Json(""))},
                         {"weights_sha256", field_or(d, "weights_sha256", Json(""))},
                         {"weight", field_or(d, "weight", Json(1.0))},
                         {"fake_score", field_or(d, "fake_score", Json(nullptr))},
                         {"verdict", field_or(d, "verdict", Json(Verdict::NotApplicable))},
                         {"ms", field_or(d, "ms", Json(0.0))}});
  return detectors;
}

// The first v1 shape had no media facts; the job document keeps them, the
// report then shows empty ones.
Json legacy_media(const Json& v1) {
  Json media = {{"sha256", ""}, {"size", 0},       {"filename", ""}, {"content_type", ""},
                {"container", ""}, {"codec", ""}, {"duration_s", 0.0}, {"width", 0},
                {"height", 0},   {"fps", 0.0},   {"kind", "video"}};
  media.update(field_or(v1, "media", Json::object()));
  return media;
}

// v1: face_detector was the name; its models sat beside it, or under
// settings.face_detector.
Json legacy_face_detector(const Json& v1) {
  const Json& in_settings = field_or(field_or(v1, "settings", Json::object()), "face_detector", Json::object());
  Json name = field_or(v1, "face_detector", field_or(in_settings, "name", Json("")));
  Json models = field_or(v1, "face_detector_models", field_or(in_settings, "models", Json::array()));
  return {{"name", name}, {"models", models}};
}

Json legacy_visual(const Json& v1, bool scored) {
  Json visual = {{"status", scored ? SectionStatus::Ok : SectionStatus::NotApplicable},
                 {"reason", scored ? Json(nullptr) : field_or(v1, "reason", Json(kNoFace))},
                 {"fake_score", field_or(v1, "fake_score", Json(nullptr))},
                 {"verdict", v1.at("verdict")},
                 {"detectors", legacy_detectors(v1)},
                 {"face_detector", legacy_face_detector(v1)},
                 {"frames_analyzed", field_or(v1, "frames_analyzed", Json(0))},
                 {"faces_found", field_or(v1, "faces_found", Json(0))},
                 {"faces_classified", field_or(v1, "faces_classified", field_or(v1, "faces_found", Json(0)))},
                 {"deciding_track", field_or(v1, "deciding_track", Json(nullptr))},
                 {"aggregate", field_or(v1, "aggregate", Json(""))},
                 {"tracks", field_or(v1, "tracks", Json::array())},
                 {"frames", field_or(v1, "per_frame", Json::array())}};
  return visual;
}

// The whole ensemble file was copied in; the first v1 shape named only its
// version, under settings.
Fusion legacy_fusion(const Json& v1) {
  Fusion fusion = fusion_from_ensemble(field_or(v1, "ensemble", Json::object()));
  if (fusion.version.empty())
    fusion.version = field_or(field_or(v1, "settings", Json::object()), "ensemble_version", Json("")).get<std::string>();
  return fusion;
}

Json legacy_settings(const Json& v1) {
  const Json& settings = field_or(v1, "settings", Json::object());
  Json frames_used = field_or(settings, "frames_used", field_or(v1, "frames_analyzed", Json(0)));
  Json requested = field_or(settings, "frames_requested", frames_used);
  if (requested.is_number() && requested.get<int>() < 1) requested = 1;  // no frame was decoded
  return {{"frames_requested", requested},
          {"frames_used", frames_used},
          {"software_version", field_or(settings, "software_version", Json(""))}};
}

}  // namespace

Json upgrade_legacy_report(const Json& v1) {
  if (v1.contains("report_version")) return v1;
  bool scored = v1.at("verdict") != Json(Verdict::NotApplicable);
  return {{"report_version", kReportVersion},
          {"verdict", v1.at("verdict")},
          {"fake_score", field_or(v1, "fake_score", Json(nullptr))},
          {"reason", scored ? Json(nullptr) : field_or(v1, "reason", Json(kNoFace))},
          {"thresholds", legacy_thresholds(v1)},
          {"evidence", {{"visual", legacy_visual(v1, scored)}}},
          {"fusion", legacy_fusion(v1)},
          {"media", legacy_media(v1)},
          {"settings", legacy_settings(v1)},
          {"warnings", field_or(v1, "warnings", Json::array())},
          {"timings_ms", field_or(v1, "timings_ms", Json{{"total", 0.0}})},
          {"artifacts", field_or(v1, "artifacts", Json::array())},
          {"disclaimer", field_or(v1, "disclaimer", Json(""))}};
}

}  // namespace deeptrace::report
