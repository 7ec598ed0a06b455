#include "detect/report.hpp"

#include <algorithm>

namespace deeptrace::detect {
namespace {

constexpr const char* kDisclaimer =
    "Scores are statistical estimates from MesoNet, small 2018 models trained on 2018-era "
    "deepfakes; they generalise poorly to modern or heavily compressed manipulations. A score is "
    "not certainty and must not be used alone as proof that a video is real or fake.";

std::string name_of(const DetectorRun& run) { return run.card.value("name", ""); }

Json box_json(const cv::Rect& box) { return {box.x, box.y, box.width, box.height}; }

// Track id of every face, by frame.
std::vector<std::vector<int>> track_ids(const ReportInputs& in) {
  std::vector<std::vector<int>> ids(in.frames.size());
  for (size_t f = 0; f < in.frames.size(); ++f) ids[f].assign(in.frames[f].faces.size(), -1);
  for (const auto& track : in.tracks)
    for (const auto& m : track.members) ids[m.frame][m.face] = track.id;
  return ids;
}

Json detector_scores(const ReportInputs& in, int crop) {
  Json by_detector = Json::object();
  for (const auto& run : in.runs) by_detector[name_of(run)] = run.scores[crop];
  return by_detector;
}

// One timeline entry; the frame's score is its most suspicious face's.
Json frame_entry(const ReportInputs& in, size_t f, const std::vector<int>& ids, bool with_boxes) {
  const FrameFaces& frame = in.frames[f];
  Json entry = {{"t", frame.t}, {"faces", frame.faces.size()}, {"fake_score", nullptr}};
  int worst = -1;
  Json faces = Json::array();
  for (size_t k = 0; k < frame.faces.size(); ++k) {
    int crop = frame.faces[k].crop;
    if (worst < 0 || in.scores.crop_ensemble[crop] > in.scores.crop_ensemble[worst]) worst = crop;
    if (with_boxes)
      faces.push_back({{"box", box_json(frame.faces[k].box)}, {"track", ids[k]},
                       {"fake_score", in.scores.crop_ensemble[crop]}, {"scores", detector_scores(in, crop)}});
  }
  if (worst >= 0) {
    entry["fake_score"] = in.scores.crop_ensemble[worst];
    entry["scores"] = detector_scores(in, worst);
  }
  if (with_boxes) entry["detections"] = faces;
  return entry;
}

Json track_entry(const ReportInputs& in, size_t i) {
  const Track& track = in.tracks[i];
  const TrackScore& score = in.scores.tracks[i];
  const FaceObservation& shown = in.frames[score.most_suspicious.frame].faces[score.most_suspicious.face];
  Json by_detector = Json::object();
  for (size_t d = 0; d < in.runs.size(); ++d) by_detector[name_of(in.runs[d])] = score.by_detector[d];
  return {{"id", track.id}, {"faces", track.members.size()},
          {"first_t", in.frames[track.members.front().frame].t}, {"last_t", in.frames[track.members.back().frame].t},
          {"fake_score", score.fake_score}, {"verdict", verdict_for(score.fake_score, in.ensemble)},
          {"scores", by_detector}, {"thumbnail", in.thumbnails.at(i)},
          {"thumbnail_t", in.frames[score.most_suspicious.frame].t}, {"thumbnail_box", box_json(shown.box)}};
}

Json detector_summary(const ReportInputs& in, size_t d) {
  const DetectorRun& run = in.runs[d];
  Json summary = {{"name", name_of(run)}, {"version", run.card.value("version", "")},
                  {"weights_sha256", run.card.value("weights_sha256", "")},
                  {"weight", in.ensemble.weight_of(name_of(run))}, {"fake_score", nullptr}, {"ms", run.ms}};
  if (in.scores.video) {
    summary["fake_score"] = in.scores.video_by_detector[d];
    summary["verdict"] = verdict_for(in.scores.video_by_detector[d], in.ensemble);
  }
  return summary;
}

// Conditions outside what MesoNet was trained on; the analyst should know.
Json warnings_for(const ReportInputs& in, int classified) {
  Json warnings = Json::array();
  auto warn = [&](const char* code, const std::string& message) { warnings.push_back({{"code", code}, {"message", message}}); };
  int small = 0;
  for (const auto& frame : in.frames)
    for (const auto& face : frame.faces) small += std::max(face.box.width, face.box.height) < in.ensemble.small_face_px;
  if (small > 0)
    warn("SMALL_FACES", std::to_string(small) + " face(s) under " + std::to_string(in.ensemble.small_face_px) +
                            " px: upscaled crops carry little evidence");
  if (classified > 0 && classified < in.ensemble.few_faces)
    warn("FEW_FACES", "only " + std::to_string(classified) + " face(s) were classified; the score rests on little evidence");
  double bpp = in.media.value("bits_per_pixel", 0.0);
  if (bpp > 0 && bpp < in.ensemble.low_bits_per_pixel)
    warn("HEAVY_COMPRESSION", "the video is heavily compressed; compression hides and mimics manipulation artefacts");
  return warnings;
}

}  // namespace

Json build_timeline(const ReportInputs& in) {
  auto ids = track_ids(in);
  Json frames = Json::array();
  for (size_t f = 0; f < in.frames.size(); ++f) frames.push_back(frame_entry(in, f, ids[f], true));
  return {{"frames", frames}};
}

Json build_report(const ReportInputs& in) {
  Json report;
  int faces_found = 0;
  auto ids = track_ids(in);
  Json per_frame = Json::array(), tracks = Json::array(), detectors = Json::array();
  for (size_t f = 0; f < in.frames.size(); ++f) {
    faces_found += static_cast<int>(in.frames[f].faces.size());
    per_frame.push_back(frame_entry(in, f, ids[f], false));
  }
  for (size_t i = 0; i < in.tracks.size(); ++i) tracks.push_back(track_entry(in, i));
  for (size_t d = 0; d < in.runs.size(); ++d) detectors.push_back(detector_summary(in, d));
  bool scored = in.scores.video.has_value();
  report["verdict"] = scored ? verdict_for(*in.scores.video, in.ensemble) : "not_applicable";
  if (!scored) report["reason"] = "NO_FACE";
  report["fake_score"] = scored ? Json(*in.scores.video) : Json(nullptr);
  report["ensemble_score"] = report["fake_score"];
  report["deciding_track"] = scored ? Json(in.scores.deciding_track) : Json(nullptr);
  report["aggregate"] = "per face: weighted mean of detector logits; per track: trimmed mean over its faces; "
                        "video: the most suspicious track with enough faces";
  report["frames_analyzed"] = in.frames.size();
  report["faces_found"] = faces_found;
  report["faces_classified"] = in.scores.crop_ensemble.size();
  report["per_frame"] = per_frame;
  report["tracks"] = tracks;
  const DetectorRun& primary = in.runs.front();
  report["detector"] = {{"name", name_of(primary)}, {"version", primary.card.value("version", "")},
                        {"weights_sha256", primary.card.value("weights_sha256", "")}};
  report["detectors"] = detectors;
  report["face_detector"] = in.face_detector.value("name", "");
  report["face_detector_models"] = in.face_detector.value("models", Json::array());
  report["thresholds"] = {{"fake", in.ensemble.fake_threshold}, {"real", in.ensemble.real_threshold}};
  report["ensemble"] = in.ensemble.document;
  report["media"] = in.media;
  report["settings"] = in.settings;
  report["warnings"] = warnings_for(in, static_cast<int>(in.scores.crop_ensemble.size()));
  report["timings_ms"] = {{"open", in.timings.open_ms}, {"decode", in.timings.decode_ms}, {"faces", in.timings.faces_ms},
                          {"classify", in.timings.classify_ms}, {"total", in.timings.total_ms}};
  report["disclaimer"] = kDisclaimer;
  return report;
}

}  // namespace deeptrace::detect
