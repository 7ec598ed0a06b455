#include "detect/report.hpp"

#include <algorithm>

namespace deeptrace::detect {
namespace {

using report::Verdict;

constexpr const char* kDisclaimer =
    "Scores are statistical estimates from MesoNet, small 2018 models trained on 2018-era "
    "deepfakes; they generalise poorly to modern or heavily compressed manipulations. A score is "
    "not certainty and must not be used alone as proof that a video is real or fake.";

constexpr const char* kAggregate =
    "per face: weighted mean of detector logits; per track: trimmed mean over its faces; "
    "video: the most suspicious track with enough faces";

constexpr const char* kNoFace = "NO_FACE";

std::string name_of(const DetectorRun& run) { return run.card.value("name", ""); }

report::Box box_of(const cv::Rect& box) { return {box.x, box.y, box.width, box.height}; }

// Track id of every face, by frame.
std::vector<std::vector<int>> track_ids(const ReportInputs& in) {
  std::vector<std::vector<int>> ids(in.frames.size());
  for (size_t f = 0; f < in.frames.size(); ++f) ids[f].assign(in.frames[f].faces.size(), -1);
  for (const auto& track : in.tracks)
    for (const auto& m : track.members) ids[m.frame][m.face] = track.id;
  return ids;
}

report::ScoresByDetector detector_scores(const ReportInputs& in, int crop) {
  report::ScoresByDetector by_detector;
  for (const auto& run : in.runs) by_detector[name_of(run)] = run.scores[crop];
  return by_detector;
}

// The frame's most suspicious face (its crop index), or -1 without faces.
int worst_crop(const ReportInputs& in, const FrameFaces& frame) {
  int worst = -1;
  for (const auto& face : frame.faces)
    if (worst < 0 || in.scores.crop_ensemble[face.crop] > in.scores.crop_ensemble[worst]) worst = face.crop;
  return worst;
}

report::FrameScore frame_score(const ReportInputs& in, const FrameFaces& frame) {
  report::FrameScore score{frame.t, static_cast<int>(frame.faces.size()), std::nullopt, std::nullopt};
  if (int worst = worst_crop(in, frame); worst >= 0) {
    score.fake_score = in.scores.crop_ensemble[worst];
    score.scores = detector_scores(in, worst);
  }
  return score;
}

report::TimelineFrame timeline_frame(const ReportInputs& in, const FrameFaces& frame, const std::vector<int>& ids) {
  report::FrameScore score = frame_score(in, frame);
  report::TimelineFrame entry{score.t, score.faces, score.fake_score, score.scores, {}};
  for (size_t k = 0; k < frame.faces.size(); ++k) {
    int crop = frame.faces[k].crop;
    entry.detections.push_back(
        {box_of(frame.faces[k].box), ids[k], in.scores.crop_ensemble[crop], detector_scores(in, crop)});
  }
  return entry;
}

report::FaceTrack face_track(const ReportInputs& in, size_t i, const report::Thresholds& thresholds) {
  const Track& track = in.tracks[i];
  const TrackScore& score = in.scores.tracks[i];
  const FaceObservation& shown = in.frames[score.most_suspicious.frame].faces[score.most_suspicious.face];
  report::ScoresByDetector by_detector;
  for (size_t d = 0; d < in.runs.size(); ++d) by_detector[name_of(in.runs[d])] = score.by_detector[d];
  return {track.id,
          static_cast<int>(track.members.size()),
          in.frames[track.members.front().frame].t,
          in.frames[track.members.back().frame].t,
          score.fake_score,
          report::verdict_for(score.fake_score, thresholds),
          by_detector,
          in.thumbnails.at(i),
          in.frames[score.most_suspicious.frame].t,
          box_of(shown.box)};
}

report::DetectorResult detector_result(const ReportInputs& in, size_t d, const report::Thresholds& thresholds) {
  const DetectorRun& run = in.runs[d];
  report::DetectorResult result{name_of(run), run.card.value("version", ""), run.card.value("weights_sha256", ""),
                                in.ensemble.weight_of(name_of(run)), std::nullopt, Verdict::NotApplicable, run.ms};
  if (in.scores.video) {
    result.fake_score = in.scores.video_by_detector[d];
    result.verdict = report::verdict_for(*result.fake_score, thresholds);
  }
  return result;
}

report::VisualEvidence visual_evidence(const ReportInputs& in, const report::Thresholds& thresholds) {
  report::VisualEvidence visual;
  bool scored = in.scores.video.has_value();
  visual.status = scored ? report::SectionStatus::Ok : report::SectionStatus::NotApplicable;
  if (!scored) visual.reason = kNoFace;
  visual.fake_score = in.scores.video;
  visual.verdict = scored ? report::verdict_for(*in.scores.video, thresholds) : Verdict::NotApplicable;
  for (size_t d = 0; d < in.runs.size(); ++d) visual.detectors.push_back(detector_result(in, d, thresholds));
  visual.face_detector = in.face_detector;
  visual.frames_analyzed = static_cast<int>(in.frames.size());
  for (const auto& frame : in.frames) {
    visual.faces_found += static_cast<int>(frame.faces.size());
    visual.frames.push_back(frame_score(in, frame));
  }
  visual.faces_classified = static_cast<int>(in.scores.crop_ensemble.size());
  if (scored) visual.deciding_track = in.scores.deciding_track;
  visual.aggregate = kAggregate;
  for (size_t i = 0; i < in.tracks.size(); ++i) visual.tracks.push_back(face_track(in, i, thresholds));
  return visual;
}

// The ensemble file's parameters; its thresholds are the report's own field.
report::Fusion fusion_of(const EnsembleConfig& ensemble) {
  Json parameters = ensemble.document;
  std::string description = parameters.value("description", "");
  for (const char* stated_elsewhere : {"version", "description", "thresholds"}) parameters.erase(stated_elsewhere);
  return {ensemble.version, description, parameters};
}

// Conditions outside what MesoNet was trained on; the analyst should know.
std::vector<report::Warning> warnings_for(const ReportInputs& in, int classified) {
  std::vector<report::Warning> warnings;
  int small = 0;
  for (const auto& frame : in.frames)
    for (const auto& face : frame.faces) small += std::max(face.box.width, face.box.height) < in.ensemble.small_face_px;
  if (small > 0)
    warnings.push_back({"SMALL_FACES", std::to_string(small) + " face(s) under " +
                                           std::to_string(in.ensemble.small_face_px) +
                                           " px: upscaled crops carry little evidence"});
  if (classified > 0 && classified < in.ensemble.few_faces)
    warnings.push_back({"FEW_FACES", "only " + std::to_string(classified) +
                                         " face(s) were classified; the score rests on little evidence"});
  double bpp = in.media.bits_per_pixel.value_or(0.0);
  if (bpp > 0 && bpp < in.ensemble.low_bits_per_pixel)
    warnings.push_back(
        {"HEAVY_COMPRESSION", "the video is heavily compressed; compression hides and mimics manipulation artefacts"});
  return warnings;
}

std::vector<report::ArtifactRef> artifacts_of(const ReportInputs& in, const std::optional<report::ArtifactRef>& timeline) {
  std::vector<report::ArtifactRef> artifacts;
  for (const auto& ref : in.thumbnails)
    if (ref) artifacts.push_back(*ref);
  if (timeline) artifacts.push_back(*timeline);
  return artifacts;
}

}  // namespace

report::Thresholds thresholds_of(const EnsembleConfig& ensemble) {
  return {ensemble.fake_threshold, ensemble.real_threshold};
}

report::Timeline build_timeline(const ReportInputs& in) {
  auto ids = track_ids(in);
  report::Timeline timeline;
  for (size_t f = 0; f < in.frames.size(); ++f) timeline.frames.push_back(timeline_frame(in, in.frames[f], ids[f]));
  return timeline;
}

report::Report build_report(const ReportInputs& in, const std::optional<report::ArtifactRef>& timeline) {
  report::Report out;
  out.thresholds = thresholds_of(in.ensemble);
  out.evidence.visual = visual_evidence(in, out.thresholds);
  // One evidence section today, so the media's verdict is the visual one's.
  out.verdict = out.evidence.visual.verdict;
  out.fake_score = out.evidence.visual.fake_score;
  if (out.verdict == Verdict::NotApplicable) out.reason = out.evidence.visual.reason;
  out.fusion = fusion_of(in.ensemble);
  out.media = in.media;
  out.settings = in.settings;
  out.warnings = warnings_for(in, out.evidence.visual.faces_classified);
  out.timings_ms = {{"open", in.timings.open_ms}, {"decode", in.timings.decode_ms}, {"faces", in.timings.faces_ms},
                    {"classify", in.timings.classify_ms}, {"total", in.timings.total_ms}};
  out.artifacts = artifacts_of(in, timeline);
  out.disclaimer = kDisclaimer;
  return out;
}

}  // namespace deeptrace::detect
