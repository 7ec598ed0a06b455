#include "detect/report.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

namespace deeptrace::detect {
namespace {

using report::Verdict;

constexpr const char* kDisclaimer =
    "Scores are statistical estimates from MesoNet (small 2018 face-texture models trained on 2018-era "
    "deepfakes), LRNet (2021, landmark motion, trained on FaceForensics++ or DeeperForensics) and AASIST "
    "(2022, voice spoofing, trained on 2019-era speech synthesis); they generalise poorly to modern or "
    "heavily compressed manipulations and to newer voice cloning. They are not calibrated probabilities "
    "(no trustworthy labelled data to calibrate them exists yet). A score is not certainty and must not "
    "be used alone as proof that a video, image or recording is real or fake.";

constexpr const char* kAggregate =
    "per detector: trimmed mean of a track's face logits, the video's being its most suspicious track with "
    "enough faces; fused: the maximum over the member detectors (fusion v2)";

constexpr const char* kNoFace = "NO_FACE";
constexpr const char* kNoVideo = "NO_VIDEO";

bool audio_only(const ReportInputs& in) { return in.media.kind == "audio"; }

// Out-of-domain codes in words, for the explanation.
std::string condition_words(const std::string& code) {
  if (code == "SHORT_SPEECH") return "the speech is shorter than the window the voice model reads";
  if (code == "HEAVY_COMPRESSION") return "the video is heavily compressed";
  if (code == "SMALL_FACES") return "the faces are small";
  if (code == "FEW_FACES") return "too few faces were seen";
  if (code == "PORTRAIT_VIDEO") return "it is portrait (phone) footage";
  if (code == "UNUSUAL_FRAME_RATE") return "its frame rate is unusual";
  if (code == "INTERLACED_VIDEO") return "it is interlaced";
  if (code == "HDR_VIDEO") return "it is high dynamic range (HDR) video";
  if (code == "DAMAGED_FRAMES") return "some of its frames decoded only in part";
  return code;
}

// "3 of 32 sampled frame(s) and 5 of 31 frame(s) of the temporal windows",
// each part only where some were damaged.
std::string damaged_frames_counted(const ReportInputs& in) {
  const DecodingFacts& met = in.decoding;
  std::vector<std::string> parts;
  if (met.damaged_frames > 0)
    parts.push_back(std::to_string(met.damaged_frames) + " of " + std::to_string(in.frames.size()) +
                    " sampled frame(s)");
  if (met.damaged_window_frames > 0)
    parts.push_back(std::to_string(met.damaged_window_frames) + " of " + std::to_string(met.window_frames) +
                    " frame(s) of the temporal windows");
  return parts.size() == 2 ? parts[0] + " and " + parts[1] : parts.at(0);
}

// How the face detectors saw an interlaced video's fields.
std::string interlaced_video_seen(const ReportInputs& in) {
  if (in.decoding.fields_coded_apart)
    return "interlaced video, coded field by field: the face detectors saw one field at a time, stretched to the "
           "frame's height with half its rows of detail; they were trained on progressive video";
  return "interlaced video: the face detectors saw both fields woven together, combed wherever anything moved; "
         "they were trained on progressive video";
}

std::string verdict_words(Verdict verdict) {
  switch (verdict) {
    case Verdict::LikelyFake: return "likely fake";
    case Verdict::LikelyReal: return "likely real";
    case Verdict::Inconclusive: return "inconclusive";
    case Verdict::NotApplicable: return "not applicable";
  }
  return "inconclusive";
}

std::string joined(const std::vector<std::string>& parts, const std::string& last_separator) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? last_separator : ", ";
    out += parts[i];
  }
  return out;
}

// "trained on Deepfakes face swaps and Face2Face reenactment", each family once.
std::string families_of(const std::vector<std::string>& names, const EnsembleConfig& ensemble) {
  std::vector<std::string> families;
  std::set<std::string> seen;
  for (const auto& name : names)
    if (seen.insert(ensemble.trained_on_words(name)).second) families.push_back(ensemble.trained_on_words(name));
  return "trained on " + joined(families, " and ");
}

std::string count_of(size_t count, size_t total) {
  return count == total ? (total == 1 ? "the only detector" : "all " + std::to_string(total) + " detectors")
                        : std::to_string(count) + " of " + std::to_string(total) + " detectors";
}

// A score as the explanation shows it: two decimals.
std::string score_text(double score) {
  char text[16];
  std::snprintf(text, sizeof text, "%.2f", score);
  return text;
}

// What the detectors say: who flags, who clears, or that none is sure.
std::string detectors_clause(const std::vector<DetectorScore>& detectors, const report::Thresholds& thresholds,
                             const EnsembleConfig& ensemble) {
  auto [flagging, clearing] = detector_sides(detectors, thresholds);
  double highest = 0;
  for (const auto& d : detectors) highest = std::max(highest, d.fake_score);
  size_t total = detectors.size();
  std::vector<std::string> parts;
  auto verb = [](size_t count, const char* one, const char* many) { return std::string(count == 1 ? one : many); };
  if (!flagging.empty())
    parts.push_back(count_of(flagging.size(), total) + " (" + families_of(flagging, ensemble) + ") " +
                    verb(flagging.size(), "flags", "flag") + " the face as manipulated");
  if (!clearing.empty())
    parts.push_back((flagging.empty() ? count_of(clearing.size(), total) : std::to_string(clearing.size())) + " (" +
                    families_of(clearing, ensemble) + ") " + verb(clearing.size(), "finds", "find") + " it looks real");
  size_t unsure = total - flagging.size() - clearing.size();
  if (parts.empty()) {
    parts.push_back("no detector is confident either way (highest fake score " + score_text(highest) + ")");
  } else if (unsure > 0) {
    parts.push_back(std::to_string(unsure) + " " + (unsure == 1 ? "is" : "are") + " unsure");
  }
  std::string clauses;
  for (const auto& part : parts) clauses += (clauses.empty() ? "" : "; ") + part;
  return clauses;
}

std::string capitalised(std::string text) {
  if (!text.empty() && text[0] >= 'a' && text[0] <= 'z') text[0] = static_cast<char>(text[0] - 'a' + 'A');
  return text;
}

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
  for (const auto& run : in.runs) by_detector[run.name()] = run.scores[crop];
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
  for (size_t d = 0; d < in.runs.size(); ++d) by_detector[in.runs[d].name()] = score.by_detector[d];
  return {track.id,
          static_cast<int>(track.members.size()),
          in.frames[track.members.front().frame].t,
          in.frames[track.members.back().frame].t,
          score.fake_score,
          report::verdict_for(score.fake_score, thresholds),
          by_detector,
          in.thumbnails.at(i),
          in.frames[score.most_suspicious.frame].t,
          box_of(shown.box),
          i < in.saliency.size() ? in.saliency[i] : std::nullopt};
}

report::DetectorResult detector_result(const ReportInputs& in, size_t d, const report::Thresholds& thresholds) {
  const DetectorRun& run = in.runs[d];
  report::DetectorResult result{run.name(), run.card.value("version", ""), run.card.value("weights_sha256", ""),
                                in.ensemble.weight_of(run.name()), std::nullopt, Verdict::NotApplicable, run.ms};
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
  if (!scored) visual.reason = audio_only(in) ? kNoVideo : kNoFace;
  visual.fake_score = in.scores.video;  // its verdict comes from the fusion rules (build_report)
  for (size_t d = 0; d < in.runs.size(); ++d) visual.detectors.push_back(detector_result(in, d, thresholds));
  visual.face_detector = in.face_detector;
  visual.frames_analyzed = static_cast<int>(in.frames.size());
  for (const auto& frame : in.frames) {
    visual.faces_found += static_cast<int>(frame.faces.size());
    visual.frames.push_back(frame_score(in, frame));
  }
  // Every crop was classified while decoding ran; the ones set aside after
  // are not evidence and are not counted as classified.
  visual.faces_classified = static_cast<int>(in.scores.crop_ensemble.size()) - in.faces_set_aside;
  visual.faces_set_aside = in.faces_set_aside;
  visual.track_identity = in.track_identity;
  if (scored) visual.deciding_track = in.scores.deciding_track;
  visual.aggregate = kAggregate;
  for (size_t i = 0; i < in.tracks.size(); ++i) visual.tracks.push_back(face_track(in, i, thresholds));
  return visual;
}

// media.width and height are as displayed (rotation applied by the probe).
bool displayed_portrait(const report::MediaFacts& media) { return media.height > media.width; }

// Conditions outside what MesoNet was trained on. Each is an out-of-domain
// condition: it keeps the verdict from being confident (fusion v2).
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
  if (in.media.kind == "video" && displayed_portrait(in.media))
    warnings.push_back({"PORTRAIT_VIDEO", "portrait (phone) footage: the detectors were trained on landscape video"});
  if (in.media.kind == "video" && in.media.fps > 0 &&
      (in.media.fps < in.ensemble.min_fps || in.media.fps > in.ensemble.max_fps))
    warnings.push_back({"UNUSUAL_FRAME_RATE", "the frame rate is outside what the detectors were trained on"});
  if (in.media.kind == "video" && in.media.interlaced.value_or(false))
    warnings.push_back({"INTERLACED_VIDEO", interlaced_video_seen(in)});
  if (!in.decoding.hdr_transfer.empty())
    warnings.push_back({"HDR_VIDEO", "high dynamic range video (" + in.decoding.hdr_transfer +
                                         "), read without tone mapping: the detectors saw flatter, paler pictures "
                                         "than the standard-range video they were trained on"});
  if (in.decoding.damaged_frames > 0 || in.decoding.damaged_window_frames > 0)
    warnings.push_back({"DAMAGED_FRAMES", damaged_frames_counted(in) +
                                              " decoded only in part (a damaged file?): the decoder filled the "
                                              "damaged blocks from their neighbours, which can look like "
                                              "manipulation artefacts"});
  double bpp = in.media.bits_per_pixel.value_or(0.0);
  if (bpp > 0 && bpp < in.ensemble.low_bits_per_pixel)
    warnings.push_back(
        {"HEAVY_COMPRESSION", "the video is heavily compressed; compression hides and mimics manipulation artefacts"});
  return warnings;
}

report::Warning cut_short_warning(double frames_end_s, double duration_s) {
  char text[160];
  std::snprintf(text, sizeof text,
                "the video's frames end at %.1f s of the %.1f s its header gives (a file cut short?): only that part "
                "was analysed",
                frames_end_s, duration_s);
  return {"TRUNCATED_MEDIA", text};
}

// Conditions that also keep the temporal section from a confident verdict:
// it reads the same frames and faces (FEW_FACES concerns the visual sampling).
std::vector<std::string> temporal_conditions(const std::vector<report::Warning>& warnings) {
  std::vector<std::string> codes;
  for (const auto& w : warnings)
    if (w.code != "FEW_FACES") codes.push_back(w.code);
  return codes;
}

// AASIST reads about 4 s; shorter speech is repeated to fill the window,
// which is itself out of its training distribution.
std::optional<report::Warning> short_speech_warning(const report::AudioEvidence& audio) {
  if (audio.status != report::SectionStatus::Ok) return std::nullopt;
  for (const auto& w : audio.windows)
    if (w.fake_score && w.duration_s + 1e-6 >= audio.window_s) return std::nullopt;
  return report::Warning{"SHORT_SPEECH", "less than one full window of speech: the voice model repeats it to fill "
                                         "its 4 s input, which it was not trained on"};
}

// Sets a scored section's verdict under its own conditions and returns its
// outcome for the media's rules: the condition that kept it from a confident
// verdict is the outcome's reason (a section's own `reason` says only why
// its status is not ok).
SectionOutcome decide(const std::string& name, report::EvidenceSection& section, const report::Thresholds& thresholds,
                      const std::vector<std::string>& conditions) {
  SectionOutcome outcome{name, section.status, section.fake_score, section.verdict, section.reason};
  if (section.status != report::SectionStatus::Ok || !section.fake_score) return outcome;
  Decision d = decide_section(*section.fake_score, thresholds, conditions);
  section.verdict = outcome.verdict = d.verdict;
  outcome.reason = d.reason;
  return outcome;
}

// What a scored non-visual section says, in words.
std::string section_clause(const std::string& name, const report::EvidenceSection& s) {
  std::string subject = name == "temporal" ? "the facial landmarks' motion over time (LRNet)"
                        : name == "audio"  ? "the voice model (AASIST)"
                                           : "the " + name + " evidence";
  std::string score = " (" + score_text(*s.fake_score) + ")";
  if (name == "audio") {
    if (s.verdict == Verdict::LikelyFake) return subject + " finds the voice synthetic" + score;
    if (s.verdict == Verdict::LikelyReal) return subject + " finds the voice natural" + score;
    return subject + " is unsure about the voice" + score;
  }
  if (s.verdict == Verdict::LikelyFake) return subject + " looks manipulated" + score;
  if (s.verdict == Verdict::LikelyReal) return subject + " looks natural" + score;
  return subject + " is unsure" + score;
}

// The member detectors' video scores, the inputs of the verdict rules.
std::vector<DetectorScore> member_scores(const ReportInputs& in) {
  std::vector<DetectorScore> members;
  if (!in.scores.video) return members;
  for (size_t d = 0; d < in.runs.size(); ++d)
    if (in.ensemble.is_member(in.runs[d].name())) members.push_back({in.runs[d].name(), in.scores.video_by_detector[d]});
  return members;
}

std::vector<report::ArtifactRef> artifacts_of(const ReportInputs& in, const std::optional<report::ArtifactRef>& timeline) {
  std::vector<report::ArtifactRef> artifacts;
  for (const auto& ref : in.thumbnails)
    if (ref) artifacts.push_back(*ref);
  for (const auto& saliency : in.saliency)
    if (saliency) artifacts.push_back(saliency->artifact);
  if (timeline) artifacts.push_back(*timeline);
  return artifacts;
}

}  // namespace

namespace {

// The visual section's part of the explanation, without the verdict.
std::string visual_clause(const Decision& decision, const std::vector<DetectorScore>& detectors,
                          const report::Thresholds& thresholds, const std::vector<report::Warning>& out_of_domain,
                          const EnsembleConfig& ensemble) {
  if (decision.reason == kNoVideo) return "the file has no video, so the face detectors had nothing to judge";
  if (decision.verdict == Verdict::NotApplicable) return "no face was found, so the face detectors had nothing to judge";
  std::string sentence = detectors_clause(detectors, thresholds, ensemble);
  std::vector<std::string> conditions;
  for (const auto& w : out_of_domain) conditions.push_back(condition_words(w.code));
  if (!conditions.empty())
    sentence += ", but " + joined(conditions, " and ") + ", outside what the detectors were trained on";
  return sentence;
}

// Faces BlazeFace found that the second face detector did not confirm.
std::string set_aside_clause(int faces) {
  if (faces <= 0) return "";
  return std::string(" (") + std::to_string(faces) + (faces == 1 ? " detection was" : " detections were") +
         " set aside: a second face detector found no face there)";
}

// The visual clause, then each other scored section's, then the media's
// verdict (with why, when the sections contradict each other).
std::string explain_media(const std::string& visual, const report::Report& out) {
  std::vector<std::string> parts{visual};
  auto add = [&](const std::string& name, const report::EvidenceSection& s) {
    if (s.status == report::SectionStatus::Ok && s.fake_score) parts.push_back(section_clause(name, s));
    else if (s.reason == "NO_SPEECH") parts.push_back("no speech was heard, so the voice model had nothing to judge");
    else if (s.reason == "AUDIO_DECODE_FAILED") parts.push_back("the audio could not be decoded");
  };
  if (out.evidence.temporal) add("temporal", *out.evidence.temporal);
  if (out.evidence.audio) add("audio", *out.evidence.audio);
  std::string verdict = verdict_words(out.verdict);
  if (out.reason == "SECTIONS_DISAGREE") verdict += ", because the kinds of evidence contradict each other";
  std::string sentence;
  for (const auto& part : parts) sentence += (sentence.empty() ? "" : "; ") + part;
  return capitalised(sentence) + "; " + verdict + ".";
}

}  // namespace

std::string explain(const Decision& decision, const std::vector<DetectorScore>& detectors,
                    const report::Thresholds& thresholds, const std::vector<report::Warning>& out_of_domain,
                    const EnsembleConfig& ensemble) {
  return capitalised(visual_clause(decision, detectors, thresholds, out_of_domain, ensemble)) + "; " +
         verdict_words(decision.verdict) + ".";
}

report::Thresholds thresholds_of(const EnsembleConfig& ensemble) {
  return {ensemble.fake_threshold, ensemble.real_threshold};
}

report::Timeline build_timeline(const ReportInputs& in) {
  auto ids = track_ids(in);
  report::Timeline timeline;
  for (size_t f = 0; f < in.frames.size(); ++f) timeline.frames.push_back(timeline_frame(in, in.frames[f], ids[f]));
  timeline.temporal_windows = in.temporal_windows;
  return timeline;
}

namespace {

// Provenance never changes the detectors' verdict or score
// (docs/provenance.md). A valid manifest whose signer says a generative model
// made the file is the report's headline, and its sentence leads the
// explanation; credentials present but invalid are a warning. Having none
// says nothing.
void add_provenance(report::Report& out, const report::Provenance& provenance) {
  out.provenance = provenance;
  using report::ProvenanceStatus;
  if (provenance.status == ProvenanceStatus::Valid && provenance.generative_ai) {
    out.headline = report::Headline{"provenance", "SIGNED_GENERATIVE_AI", "Signed as made with generative AI"};
    out.explanation = provenance.summary + " The detectors, separately: " + out.explanation.value_or("");
  }
  if (provenance.status == ProvenanceStatus::Invalid)
    out.warnings.push_back({"CREDENTIALS_INVALID", "Content Credentials are present but invalid: " +
                                                       (provenance.failures.empty() ? std::string("unreadable")
                                                                                    : provenance.failures.front().code) +
                                                       ". The file may have been changed after it was signed."});
}

}  // namespace

report::Report build_report(const ReportInputs& in, const std::optional<report::ArtifactRef>& timeline) {
  report::Report out;
  out.thresholds = thresholds_of(in.ensemble);
  out.evidence.visual = visual_evidence(in, out.thresholds);
  out.warnings = warnings_for(in, out.evidence.visual.faces_classified);
  // Every warning is an out-of-domain condition: it stays a warning and also
  // keeps the verdict from being confident.
  std::vector<std::string> out_of_domain;
  for (const auto& w : out.warnings) out_of_domain.push_back(w.code);
  // Not a condition: the frames that did decode are evidence like any others.
  if (in.decoding.frames_end_s)
    out.warnings.push_back(cut_short_warning(*in.decoding.frames_end_s, in.media.duration_s));
  std::vector<DetectorScore> members = member_scores(in);
  Decision decision = decide_verdict(members, in.scores.video, out.thresholds, out_of_domain);
  if (audio_only(in)) decision.reason = kNoVideo;
  out.evidence.visual.verdict = decision.verdict;
  out.evidence.visual.disagreement = decision.disagreement;
  const auto& visual = out.evidence.visual;
  std::vector<SectionOutcome> outcomes{{"visual", visual.status, visual.fake_score, visual.verdict, decision.reason}};
  if (in.temporal) {
    out.evidence.temporal = in.temporal;
    outcomes.push_back(decide("temporal", *out.evidence.temporal, out.thresholds, temporal_conditions(out.warnings)));
  }
  if (in.audio) {
    out.evidence.audio = in.audio;
    std::vector<std::string> audio_conditions;
    if (auto w = short_speech_warning(*in.audio)) {
      out.warnings.push_back(*w);
      audio_conditions.push_back(w->code);
    }
    SectionOutcome audio = decide("audio", *out.evidence.audio, out.thresholds, audio_conditions);
    // The first section's reason says why nothing was scored: for a sound
    // file that is the audio's (NO_SPEECH), not that it has no picture.
    if (audio_only(in)) outcomes.insert(outcomes.begin(), audio);
    else outcomes.push_back(audio);
  }
  MediaDecision media = combine_sections(outcomes);
  out.verdict = media.verdict;
  out.reason = media.reason;
  out.fake_score = media.fake_score;
  std::vector<report::Warning> visual_conditions(out.warnings.begin(), out.warnings.begin() + out_of_domain.size());
  out.explanation = explain_media(visual_clause(decision, members, out.thresholds, visual_conditions, in.ensemble) +
                                     set_aside_clause(in.faces_set_aside),
                                 out);
  out.fusion = report::fusion_from_ensemble(in.ensemble.document);
  out.media = in.media;
  out.settings = in.settings;
  out.timings_ms = {{"open", in.timings.open_ms}, {"decode", in.timings.decode_ms}, {"faces", in.timings.faces_ms},
                    {"classify", in.timings.classify_ms}, {"total", in.timings.total_ms}};
  out.artifacts = artifacts_of(in, timeline);
  out.disclaimer = kDisclaimer;
  if (in.provenance) add_provenance(out, *in.provenance);
  return out;
}

}  // namespace deeptrace::detect
