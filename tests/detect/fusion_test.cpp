// Tracks, ensemble fusion, and the report for images and several people.
#include <gtest/gtest.h>

#include <algorithm>

#include <opencv2/imgcodecs.hpp>

#include "core/sha256.hpp"
#include "detect/analyzer.hpp"
#include "detect/ensemble.hpp"
#include "detect/report.hpp"
#include "detect/scoring.hpp"
#include "detect/tracks.hpp"
#include "report_schema_check.hpp"
#include "test_clips.hpp"

namespace deeptrace::detect {
namespace {

FrameFaces frame_with(double t, std::vector<cv::Rect> boxes, int& next_crop) {
  FrameFaces frame{t, {}};
  for (const auto& box : boxes) frame.faces.push_back({box, next_crop++});
  return frame;
}

TEST(Tracks, KeepTwoPeopleApartAndFollowEachAcrossFrames) {
  int crop = 0;
  std::vector<FrameFaces> frames = {
      frame_with(0.0, {{100, 100, 80, 80}, {400, 120, 60, 60}}, crop),
      frame_with(0.5, {{110, 104, 80, 80}, {395, 118, 62, 62}}, crop),
      frame_with(1.0, {{395, 125, 60, 60}}, crop),  // the first person looked away
      frame_with(1.5, {{122, 110, 82, 82}, {390, 120, 60, 60}}, crop),
  };
  auto tracks = link_tracks(frames);
  ASSERT_EQ(tracks.size(), 2u);
  EXPECT_EQ(tracks[0].members.size(), 3u);
  EXPECT_EQ(tracks[1].members.size(), 4u);
  for (const auto& m : tracks[1].members) EXPECT_GT(frames[m.frame].faces[m.face].box.x, 300);
}

// A zoom (or a cut to a closer shot) of the same face that still overlaps:
// the face grows 1.5x (side) and moves less than half its width.
TEST(Tracks, AFaceThatGrowsByHalfAndStillOverlapsStaysOneTrack) {
  int crop = 0;
  std::vector<FrameFaces> frames = {frame_with(5.8, {{399, 162, 168, 168}}, crop),
                                    frame_with(6.1, {{399, 162, 168, 168}}, crop),
                                    frame_with(6.5, {{283, 107, 252, 252}}, crop),
                                    frame_with(6.8, {{283, 107, 252, 252}}, crop)};
  EXPECT_EQ(link_tracks(frames).size(), 1u);
}

TEST(Tracks, AFaceFarAwayStartsANewTrack) {
  int crop = 0;
  std::vector<FrameFaces> frames = {frame_with(0, {{0, 0, 50, 50}}, crop), frame_with(1, {{500, 400, 50, 50}}, crop)};
  EXPECT_EQ(link_tracks(frames).size(), 2u);
}

TEST(Ensemble, TrimmedMeanIgnoresOutliers) {
  EXPECT_DOUBLE_EQ(trimmed_mean({1, 2, 3, 4, 100, -100, 2, 3, 2, 3}, 0.1), 2.5);
  EXPECT_DOUBLE_EQ(trimmed_mean({7}, 0.4), 7);
  EXPECT_NEAR(from_logit(to_logit(0.8)), 0.8, 1e-12);
  EXPECT_TRUE(std::isfinite(to_logit(1.0)));
}

EnsembleConfig test_config() { return load_ensemble_config(DEEPTRACE_SOURCE_DIR "/models/ensemble.json"); }

TEST(Ensemble, TheConfigIsVersionedWithAnInconclusiveBand) {
  EnsembleConfig config = test_config();
  EXPECT_FALSE(config.version.empty());
  EXPECT_LT(config.real_threshold, config.fake_threshold);
  report::Thresholds thresholds = thresholds_of(config);
  EXPECT_EQ(report::verdict_for(0.95, thresholds), report::Verdict::LikelyFake);
  EXPECT_EQ(report::verdict_for(0.05, thresholds), report::Verdict::LikelyReal);
  EXPECT_EQ(report::verdict_for((config.real_threshold + config.fake_threshold) / 2, thresholds),
            report::Verdict::Inconclusive);
}

TEST(Scoring, TheMostSuspiciousTrackIsNotHiddenByInnocentOnes) {
  int crop = 0;
  std::vector<FrameFaces> frames;
  for (int f = 0; f < 4; ++f)
    frames.push_back(frame_with(f, {{0, 0, 80, 80}, {200, 0, 80, 80}, {400, 0, 80, 80}}, crop));
  auto tracks = link_tracks(frames);
  ASSERT_EQ(tracks.size(), 3u);
  std::vector<float> scores;
  for (int f = 0; f < 4; ++f) scores.insert(scores.end(), {0.05f, 0.1f, 0.95f});  // the third face is fake
  std::vector<DetectorRun> runs = {{{{"name", "Meso4_DF"}}, scores, 0}, {{{"name", "Meso4_F2F"}}, scores, 0}};
  Scores result = score_media(frames, tracks, runs, test_config());
  ASSERT_TRUE(result.video.has_value());
  EXPECT_EQ(result.deciding_track, 2);
  EXPECT_NEAR(*result.video, 0.95, 1e-3);
  EXPECT_NEAR(result.tracks[0].fake_score, 0.05, 1e-3);
}

TEST(FusionV2, ALowScoreDoesNotLowerAHighOne) {
  EnsembleConfig config = test_config();
  std::vector<DetectorRun> runs = {{{{"name", "Meso4_DF"}}, {}, 0}, {{{"name", "Meso4_F2F"}}, {}, 0}};
  EXPECT_DOUBLE_EQ(fuse_max(runs, {0.01, 0.84}, config), 0.84);
  EXPECT_DOUBLE_EQ(fuse_max(runs, {0.84, 0.01}, config), 0.84);
}

TEST(FusionV2, ADetectorWeightedZeroIsNotAMember) {
  EnsembleConfig config = test_config();
  config.weights["Meso4_F2F"] = 0;
  std::vector<DetectorRun> runs = {{{{"name", "Meso4_DF"}}, {}, 0}, {{{"name", "Meso4_F2F"}}, {}, 0}};
  EXPECT_DOUBLE_EQ(fuse_max(runs, {0.2, 0.9}, config), 0.2);
}

TEST(FusionV2, TheVideoScoreIsTheMaximumOfTheDetectorsNotTheirMean) {
  int crop = 0;
  std::vector<FrameFaces> frames;
  for (int f = 0; f < 4; ++f) frames.push_back(frame_with(f, {{0, 0, 80, 80}}, crop));
  auto tracks = link_tracks(frames);
  // The Face2Face clip of issue 13: two detectors near 0, one at 0.84.
  std::vector<DetectorRun> runs = {{{{"name", "Meso4_DF"}}, {0.013f, 0.013f, 0.013f, 0.013f}, 0},
                                   {{{"name", "MesoInception_DF"}}, {0.006f, 0.006f, 0.006f, 0.006f}, 0},
                                   {{{"name", "Meso4_F2F"}}, {0.84f, 0.84f, 0.84f, 0.84f}, 0}};
  Scores result = score_media(frames, tracks, runs, test_config());
  ASSERT_TRUE(result.video.has_value());
  EXPECT_NEAR(*result.video, 0.84, 1e-4);
  EXPECT_NEAR(result.crop_ensemble[0], 0.84, 1e-4);
}

report::Thresholds bounds() { return {0.7, 0.3}; }
using report::Verdict;

TEST(FusionV2Verdict, EveryDetectorRealIsLikelyReal) {
  Decision d = decide_verdict({{"A", 0.1}, {"B", 0.3}}, 0.3, bounds(), {});
  EXPECT_EQ(d.verdict, Verdict::LikelyReal);
  EXPECT_FALSE(d.reason.has_value());
  EXPECT_FALSE(d.disagreement.has_value());
}

TEST(FusionV2Verdict, OneUnsureDetectorKeepsItFromLikelyReal) {
  Decision d = decide_verdict({{"A", 0.1}, {"B", 0.5}}, 0.5, bounds(), {});
  EXPECT_EQ(d.verdict, Verdict::Inconclusive);
  EXPECT_FALSE(d.reason.has_value());
}

TEST(FusionV2Verdict, AFlagAndAClearDisagreeAndNameWho) {
  Decision d = decide_verdict({{"Meso4_DF", 0.013}, {"Meso4_F2F", 0.84}, {"MesoInception_F2F", 0.67}}, 0.84,
                              bounds(), {});
  EXPECT_EQ(d.verdict, Verdict::Inconclusive);
  EXPECT_EQ(d.reason, "DETECTORS_DISAGREE");
  ASSERT_TRUE(d.disagreement.has_value());
  EXPECT_EQ(d.disagreement->flagging, std::vector<std::string>{"Meso4_F2F"});
  EXPECT_EQ(d.disagreement->clearing, std::vector<std::string>{"Meso4_DF"});
}

TEST(FusionV2Verdict, AFlagWithNoConfidentClearIsLikelyFake) {
  Decision d = decide_verdict({{"A", 0.4}, {"B", 0.75}}, 0.75, bounds(), {});
  EXPECT_EQ(d.verdict, Verdict::LikelyFake);
  EXPECT_FALSE(d.reason.has_value());
}

TEST(FusionV2Verdict, OutOfDomainTurnsAConfidentVerdictInconclusive) {
  Decision fake = decide_verdict({{"A", 0.4}, {"B", 0.9}}, 0.9, bounds(), {"HEAVY_COMPRESSION", "SMALL_FACES"});
  EXPECT_EQ(fake.verdict, Verdict::Inconclusive);
  EXPECT_EQ(fake.reason, "HEAVY_COMPRESSION");
  Decision real = decide_verdict({{"A", 0.1}, {"B", 0.2}}, 0.2, bounds(), {"PORTRAIT_VIDEO"});
  EXPECT_EQ(real.verdict, Verdict::Inconclusive);
  EXPECT_EQ(real.reason, "PORTRAIT_VIDEO");
  Decision unsure = decide_verdict({{"A", 0.1}, {"B", 0.5}}, 0.5, bounds(), {"FEW_FACES"});
  EXPECT_EQ(unsure.reason, "FEW_FACES");
}

TEST(FusionV2Verdict, DisagreementOutranksAnOutOfDomainReason) {
  Decision d = decide_verdict({{"A", 0.1}, {"B", 0.9}}, 0.9, bounds(), {"SMALL_FACES"});
  EXPECT_EQ(d.reason, "DETECTORS_DISAGREE");
}

TEST(FusionV2Verdict, NothingScoredIsNotApplicableWithAReason) {
  Decision d = decide_verdict({}, std::nullopt, bounds(), {});
  EXPECT_EQ(d.verdict, Verdict::NotApplicable);
  EXPECT_EQ(d.reason, "NO_FACE");
}

SectionOutcome scored(std::string name, double score, Verdict verdict, std::optional<std::string> reason = std::nullopt) {
  return {std::move(name), report::SectionStatus::Ok, score, verdict, std::move(reason)};
}
SectionOutcome absent(std::string name, report::SectionStatus status, std::string reason) {
  return {std::move(name), status, std::nullopt, Verdict::NotApplicable, std::move(reason)};
}

TEST(FusionV2Sections, OneSectionDecidesAloneAsBefore) {
  MediaDecision d = combine_sections({scored("visual", 0.5, Verdict::Inconclusive, "DETECTORS_DISAGREE"),
                                      absent("audio", report::SectionStatus::NotApplicable, "NO_AUDIO")});
  EXPECT_EQ(d.verdict, Verdict::Inconclusive);
  EXPECT_EQ(d.reason, "DETECTORS_DISAGREE");
  EXPECT_DOUBLE_EQ(*d.fake_score, 0.5);
}

TEST(FusionV2Sections, TheScoreIsTheMostSuspiciousSection) {
  MediaDecision d = combine_sections({scored("visual", 0.3, Verdict::Inconclusive), scored("audio", 0.95, Verdict::LikelyFake)});
  EXPECT_EQ(d.verdict, Verdict::LikelyFake);
  EXPECT_DOUBLE_EQ(*d.fake_score, 0.95);
  EXPECT_FALSE(d.reason.has_value());
  EXPECT_EQ(d.sections.flagging, std::vector<std::string>{"audio"});
}

TEST(FusionV2Sections, AFlaggingSectionAndAClearingOneDisagree) {
  MediaDecision d = combine_sections({scored("visual", 0.1, Verdict::LikelyReal), scored("temporal", 0.05, Verdict::LikelyReal),
                                      scored("audio", 0.97, Verdict::LikelyFake)});
  EXPECT_EQ(d.verdict, Verdict::Inconclusive);
  EXPECT_EQ(d.reason, "SECTIONS_DISAGREE");
  EXPECT_EQ(d.sections.flagging, std::vector<std::string>{"audio"});
  EXPECT_EQ(d.sections.clearing, (std::vector<std::string>{"visual", "temporal"}));
}

TEST(FusionV2Sections, LikelyRealNeedsEveryScoredSectionToClear) {
  EXPECT_EQ(combine_sections({scored("visual", 0.1, Verdict::LikelyReal), scored("temporal", 0.15, Verdict::LikelyReal),
                              absent("audio", report::SectionStatus::NotApplicable, "NO_SPEECH")})
                .verdict,
            Verdict::LikelyReal);
  MediaDecision unsure = combine_sections({scored("visual", 0.1, Verdict::LikelyReal),
                                           scored("temporal", 0.9, Verdict::Inconclusive, "PORTRAIT_VIDEO")});
  EXPECT_EQ(unsure.verdict, Verdict::Inconclusive);
  EXPECT_EQ(unsure.reason, "PORTRAIT_VIDEO");
}

TEST(FusionV2Sections, FailedAndUnavailableSectionsDoNotVote) {
  MediaDecision d = combine_sections({scored("visual", 0.1, Verdict::LikelyReal),
                                      absent("temporal", report::SectionStatus::Unavailable, "MODEL_UNAVAILABLE"),
                                      absent("audio", report::SectionStatus::Failed, "AUDIO_DECODE_FAILED")});
  EXPECT_EQ(d.verdict, Verdict::LikelyReal);
}

TEST(FusionV2Sections, NothingScoredIsNotApplicableWithTheFirstReason) {
  MediaDecision d = combine_sections({absent("visual", report::SectionStatus::NotApplicable, "NO_FACE"),
                                      absent("audio", report::SectionStatus::NotApplicable, "NO_SPEECH")});
  EXPECT_EQ(d.verdict, Verdict::NotApplicable);
  EXPECT_EQ(d.reason, "NO_FACE");
  EXPECT_FALSE(d.fake_score.has_value());
}

TEST(FusionV2Sections, ASectionsOwnVerdictHonoursItsOutOfDomainConditions) {
  EXPECT_EQ(decide_section(0.9, bounds(), {}).verdict, Verdict::LikelyFake);
  EXPECT_EQ(decide_section(0.1, bounds(), {}).verdict, Verdict::LikelyReal);
  EXPECT_EQ(decide_section(0.5, bounds(), {"SHORT_SPEECH"}).verdict, Verdict::Inconclusive);
  EXPECT_FALSE(decide_section(0.5, bounds(), {"SHORT_SPEECH"}).reason.has_value());
  Decision d = decide_section(0.9, bounds(), {"SHORT_SPEECH"});
  EXPECT_EQ(d.verdict, Verdict::Inconclusive);
  EXPECT_EQ(d.reason, "SHORT_SPEECH");
}

TEST(FusionV2Explanation, NamesTrainingFamiliesCountsAndTheVerdict) {
  EnsembleConfig config = test_config();
  std::vector<DetectorScore> scores = {
      {"Meso4_DF", 0.013}, {"MesoInception_DF", 0.006}, {"Meso4_F2F", 0.84}, {"MesoInception_F2F", 0.75}};
  Decision d = decide_verdict(scores, 0.84, bounds(), {});
  std::string sentence = explain(d, scores, bounds(), {}, config);
  EXPECT_EQ(sentence,
            "2 of 4 detectors (trained on Face2Face reenactment) flag the face as manipulated; 2 (trained on "
            "Deepfakes face swaps) find it looks real; inconclusive.");
}

TEST(FusionV2Explanation, SaysTheOutOfDomainConditionInWords) {
  EnsembleConfig config = test_config();
  std::vector<DetectorScore> scores = {{"Meso4_DF", 0.1}, {"Meso4_F2F", 0.2}};
  Decision d = decide_verdict(scores, 0.2, bounds(), {"HEAVY_COMPRESSION"});
  std::string sentence = explain(d, scores, bounds(), {{"HEAVY_COMPRESSION", "..."}}, config);
  EXPECT_EQ(sentence,
            "All 2 detectors (trained on Deepfakes face swaps and Face2Face reenactment) find it looks real, but the "
            "video is heavily compressed, outside what the detectors were trained on; inconclusive.");
}

TEST(FusionV2Explanation, SeparatesFlagClearAndUnsureClausesAndAgreesInNumber) {
  std::vector<DetectorScore> scores = {{"Meso4_DF", 0.05}, {"MesoInception_DF", 0.1}, {"Meso4_F2F", 0.86}, {"MesoInception_F2F", 0.5}};
  Decision d = decide_verdict(scores, 0.86, bounds(), {});
  EXPECT_EQ(explain(d, scores, bounds(), {}, test_config()),
            "1 of 4 detectors (trained on Face2Face reenactment) flags the face as manipulated; 2 (trained on "
            "Deepfakes face swaps) find it looks real; 1 is unsure; inconclusive.");
}

TEST(FusionV2Explanation, SaysWhenNoDetectorIsSure) {
  std::vector<DetectorScore> scores = {{"Meso4_DF", 0.45}, {"Meso4_F2F", 0.55}};
  Decision d = decide_verdict(scores, 0.55, bounds(), {});
  EXPECT_EQ(explain(d, scores, bounds(), {}, test_config()),
            "No detector is confident either way (highest fake score 0.55); inconclusive.");
}

// The producer end to end on hand-made scores: four frames of one 100 px
// face, so only the media facts under test raise warnings.
struct ProducedReport {
  std::vector<FrameFaces> frames;
  std::vector<Track> tracks;
  std::vector<DetectorRun> runs;
  EnsembleConfig ensemble = test_config();
  Scores scores;

  std::optional<report::TemporalEvidence> temporal;
  std::optional<report::AudioEvidence> audio;
  DecodingFacts decoding;

  report::Report build(const report::MediaFacts& media, std::vector<float> df, std::vector<float> f2f) {
    int crop = 0;
    for (int f = 0; f < 4; ++f) frames.push_back(frame_with(f, {{10, 10, 100, 100}}, crop));
    tracks = link_tracks(frames);
    runs = {{{{"name", "Meso4_DF"}}, df, 0}, {{{"name", "Meso4_F2F"}}, f2f, 0}};
    scores = score_media(frames, tracks, runs, ensemble);
    ReportInputs in{frames, tracks, runs, scores, ensemble, {}, media, {}, {std::nullopt}, {}};
    in.temporal = temporal;
    in.audio = audio;
    in.decoding = decoding;
    return build_report(in, std::nullopt);
  }
};

report::MediaFacts landscape_video() {
  report::MediaFacts media;
  media.width = 640;
  media.height = 360;
  media.fps = 25;
  return media;
}

bool has_warning(const report::Report& r, const std::string& code) {
  for (const auto& w : r.warnings)
    if (w.code == code) return true;
  return false;
}

TEST(FusionV2Producer, AgreeingRealDetectorsInDomainAreLikelyRealAndExplained) {
  report::Report r = ProducedReport().build(landscape_video(), {0.05f, 0.05f, 0.05f, 0.05f}, {0.1f, 0.1f, 0.1f, 0.1f});
  EXPECT_EQ(r.verdict, report::Verdict::LikelyReal);
  EXPECT_FALSE(r.reason.has_value());
  ASSERT_TRUE(r.explanation.has_value());
  EXPECT_NE(r.explanation->find("likely real."), std::string::npos) << *r.explanation;
  testing::expect_valid_report(Json(r));
}

// Detectors that agree the face looks real, under an out-of-domain condition:
// the condition is warned of, names the reason, is said in the sentence, and
// keeps the verdict from being confident.
report::Report clearing_under_a_condition(ProducedReport produced, const report::MediaFacts& media) {
  return produced.build(media, {0.05f, 0.05f, 0.05f, 0.05f}, {0.1f, 0.1f, 0.1f, 0.1f});
}

void expect_held_back_by(const report::Report& r, const std::string& code, const std::string& words) {
  EXPECT_TRUE(has_warning(r, code));
  EXPECT_EQ(r.verdict, report::Verdict::Inconclusive);
  EXPECT_EQ(r.reason, code);
  ASSERT_TRUE(r.explanation.has_value());
  EXPECT_NE(r.explanation->find(words), std::string::npos) << *r.explanation;
  testing::expect_valid_report(Json(r));
}

TEST(FusionV2Producer, PortraitAndUnusualFrameRateAreOutOfDomain) {
  report::MediaFacts media = landscape_video();
  media.width = 360;
  media.height = 640;
  media.fps = 10;
  report::Report r = clearing_under_a_condition({}, media);
  expect_held_back_by(r, "PORTRAIT_VIDEO", "portrait");
  EXPECT_TRUE(has_warning(r, "UNUSUAL_FRAME_RATE"));
}

// The face detectors see both fields woven, combed wherever anything moved
// (media_facts.interlaced): trained on progressive video, they are out of
// their domain.
TEST(FusionV2Producer, InterlacedVideoIsOutOfDomain) {
  report::MediaFacts media = landscape_video();
  media.interlaced = true;
  expect_held_back_by(clearing_under_a_condition({}, media), "INTERLACED_VIDEO", "interlaced");
}

// Blocks the decoder filled from their neighbours are not what the
// detectors were trained on, and can look like manipulation.
TEST(FusionV2Producer, FramesThatDecodedOnlyInPartAreOutOfDomain) {
  ProducedReport produced;
  produced.decoding.damaged_frames = 3;
  expect_held_back_by(clearing_under_a_condition(produced, landscape_video()), "DAMAGED_FRAMES", "decoded only in part");
}

std::string warning_message(const report::Report& r, const std::string& code) {
  for (const auto& w : r.warnings)
    if (w.code == code) return w.message;
  return "";
}

// The temporal windows are decoded apart from the sampled frames: damage
// only there reaches the landmarks LRNet reads, and is warned of too.
TEST(FusionV2Producer, DamageInTheTemporalWindowsIsOutOfDomainToo) {
  ProducedReport windows_only;
  windows_only.decoding.damaged_window_frames = 5;
  windows_only.decoding.window_frames = 31;
  report::Report r = clearing_under_a_condition(windows_only, landscape_video());
  expect_held_back_by(r, "DAMAGED_FRAMES", "decoded only in part");
  EXPECT_EQ(warning_message(r, "DAMAGED_FRAMES").rfind("5 of 31 frame(s) of the temporal windows decoded only in part", 0),
            0u)
      << warning_message(r, "DAMAGED_FRAMES");

  ProducedReport both = windows_only;
  both.decoding.damaged_frames = 3;
  EXPECT_EQ(warning_message(clearing_under_a_condition(both, landscape_video()), "DAMAGED_FRAMES")
                .rfind("3 of 4 sampled frame(s) and 5 of 31 frame(s) of the temporal windows decoded only in part", 0),
            0u);
}

// Video coded field by field (HEVC) is seen one field at a time, each
// stretched to the frame's height: the warning says so, not that the fields
// were woven.
TEST(FusionV2Producer, FieldsCodedApartAreOutOfDomainAndSaidSo) {
  ProducedReport produced;
  produced.decoding.fields_coded_apart = true;
  report::MediaFacts media = landscape_video();
  media.interlaced = true;
  report::Report r = clearing_under_a_condition(produced, media);
  expect_held_back_by(r, "INTERLACED_VIDEO", "interlaced");
  std::string message = warning_message(r, "INTERLACED_VIDEO");
  EXPECT_NE(message.find("coded field by field"), std::string::npos) << message;
  EXPECT_EQ(message.find("woven"), std::string::npos) << message;
}

// HDR pictures, read without tone mapping, are flatter and paler than the
// standard-range video the detectors were trained on: on HLG copies of the
// eval-dev clips, scores moved by up to 0.5 against standard-range copies
// made with the same encoder (docs/report.md).
TEST(FusionV2Producer, HdrVideoIsOutOfDomain) {
  ProducedReport produced;
  produced.decoding.hdr_transfer = "HLG";
  report::Report r = clearing_under_a_condition(produced, landscape_video());
  expect_held_back_by(r, "HDR_VIDEO", "high dynamic range");
  EXPECT_NE(warning_message(r, "HDR_VIDEO").find("(HLG)"), std::string::npos) << warning_message(r, "HDR_VIDEO");
  EXPECT_FALSE(has_warning(clearing_under_a_condition({}, landscape_video()), "HDR_VIDEO"));
}

TEST(FusionV2Producer, DisagreementIsNamedInTheVisualSection) {
  report::Report r = ProducedReport().build(landscape_video(), {0.01f, 0.01f, 0.01f, 0.01f}, {0.9f, 0.9f, 0.9f, 0.9f});
  EXPECT_EQ(r.verdict, report::Verdict::Inconclusive);
  EXPECT_EQ(r.reason, "DETECTORS_DISAGREE");
  EXPECT_EQ(r.evidence.visual.verdict, report::Verdict::Inconclusive);
  ASSERT_TRUE(r.evidence.visual.disagreement.has_value());
  EXPECT_EQ(r.evidence.visual.disagreement->flagging, std::vector<std::string>{"Meso4_F2F"});
  EXPECT_EQ(r.evidence.visual.disagreement->clearing, std::vector<std::string>{"Meso4_DF"});
  EXPECT_NEAR(*r.fake_score, 0.9, 1e-4);  // the maximum, not a mean the 0.01 pulls down
  testing::expect_valid_report(Json(r));
}

TEST(FusionV2Producer, AFlagWithoutAClearIsLikelyFake) {
  report::Report r = ProducedReport().build(landscape_video(), {0.5f, 0.5f, 0.5f, 0.5f}, {0.9f, 0.9f, 0.9f, 0.9f});
  EXPECT_EQ(r.verdict, report::Verdict::LikelyFake);
  EXPECT_FALSE(r.reason.has_value());
  EXPECT_EQ(r.fusion.version, "2026.3-fusion-v2-sections");
  EXPECT_EQ(r.fusion.parameters.at("method"), "max");
}

class AnalyzerReport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    AnalyzerConfig config;
    config.models_dir = DEEPTRACE_MODELS_DIR;
    analyzer = new Analyzer(config);
  }
  static void TearDownTestSuite() { delete analyzer; }
  static Analyzer* analyzer;
};
Analyzer* AnalyzerReport::analyzer = nullptr;

TEST_F(AnalyzerReport, AnImageIsOneFrameWithEveryDetectorAndEvidence) {
  std::vector<ArtifactData> stored;
  AnalysisHooks hooks;
  hooks.store_artifact = [&](const ArtifactData& a) {
    stored.push_back(a);
    // What the worker's media store answers: a content-addressed reference.
    return Json{{"name", a.name}, {"sha256", sha256_hex(a.bytes)}, {"size", a.bytes.size()},
                {"content_type", a.content_type}};
  };
  JobOptions options;
  Json report = analyzer->analyze(testing::test_clips().astronaut_png, options, hooks);
  testing::expect_valid_report(report);
  EXPECT_EQ(report["media"]["kind"], "image");
  EXPECT_EQ(report["media"]["width"], 512);
  const Json& visual = report["evidence"]["visual"];
  EXPECT_EQ(visual["frames_analyzed"], 1);
  EXPECT_EQ(report["settings"]["frames_requested"], 32);
  EXPECT_EQ(report["settings"]["frames_used"], 1);
  EXPECT_EQ(report["media"]["sha256"].get<std::string>().size(), 64u);
  ASSERT_EQ(visual["tracks"].size(), 1u);
  EXPECT_EQ(visual["tracks"][0]["thumbnail"]["name"], "track-0.jpg");
  EXPECT_EQ(visual["detectors"].size(), 4u);
  EXPECT_NE(report["verdict"], "not_applicable");
  EXPECT_FALSE(report["fusion"]["version"].get<std::string>().empty());
  ASSERT_EQ(stored.size(), 3u);  // one thumbnail, its saliency heatmap, the timeline
  EXPECT_EQ(stored[0].bytes.substr(0, 3), "\xFF\xD8\xFF");
  // Issue 18: the heatmap of the thumbnail's crop, the same size, from every detector.
  const Json& saliency = visual["tracks"][0]["saliency"];
  EXPECT_EQ(saliency["artifact"]["name"], "track-0-saliency.jpg");
  EXPECT_EQ(saliency["artifact"]["content_type"], "image/jpeg");
  EXPECT_EQ(saliency["method"], "input_gradient");
  // The detectors whose score responds to the pixels: a saturated score
  // (a MesoNet certain this face is real) gives no map and is not listed.
  ASSERT_GE(saliency["detectors"].size(), 1u);
  for (const auto& name : saliency["detectors"])
    EXPECT_TRUE(std::any_of(visual["detectors"].begin(), visual["detectors"].end(),
                            [&](const Json& d) { return d["name"] == name; })) << name;
  EXPECT_EQ(stored[1].name, "track-0-saliency.jpg");
  auto decode = [](const std::string& bytes) {
    return cv::imdecode(std::vector<uchar>(bytes.begin(), bytes.end()), cv::IMREAD_COLOR);
  };
  EXPECT_EQ(decode(stored[1].bytes).size(), decode(stored[0].bytes).size());
  EXPECT_GE(report["timings_ms"]["saliency"].get<double>(), 0.0);
  Json timeline = Json::parse(stored[2].bytes);
  testing::expect_valid_timeline(timeline);
  EXPECT_EQ(timeline["frames"].size(), 1u);
  EXPECT_EQ(report["artifacts"].size(), 3u);
  bool few_faces = false;
  for (const auto& w : report["warnings"]) few_faces |= w["code"] == "FEW_FACES";
  EXPECT_TRUE(few_faces);
  // One face is too little evidence for a confident verdict (fusion v2).
  EXPECT_EQ(report["verdict"], "inconclusive");
  EXPECT_EQ(report["reason"], "FEW_FACES");
  EXPECT_NE(report["explanation"].get<std::string>().find("too few faces"), std::string::npos);
}

}  // namespace

report::AudioEvidence audio_section(double score, double speech_s) {
  report::AudioEvidence audio;
  audio.status = report::SectionStatus::Ok;
  audio.fake_score = score;
  audio.window_s = 4.0375;
  audio.windows_analyzed = 1;
  audio.speech_windows = 1;
  audio.windows = {{0.0, speech_s, true, score, report::ScoresByDetector{{"aasist", score}}}};
  audio.detectors = {{"aasist", "icassp2022.1", "ab", 1.0, score, report::verdict_for(score, bounds()), 5.0}};
  return audio;
}

report::TemporalEvidence temporal_section(double score) {
  report::TemporalEvidence temporal;
  temporal.status = report::SectionStatus::Ok;
  temporal.fake_score = score;
  temporal.weights = "ffpp";
  temporal.windows_requested = temporal.windows_analyzed = 1;
  temporal.tracks = {{0, 0.0, 1.2, 1, score, report::verdict_for(score, bounds())}};
  return temporal;
}

TEST(FusionV2Producer, ASyntheticVoiceOverAFaceThatLooksRealIsInconclusiveAndSaysWhy) {
  ProducedReport produced;
  produced.audio = audio_section(0.97, 4.0375);
  report::Report r = produced.build(landscape_video(), {0.05f, 0.05f, 0.05f, 0.05f}, {0.1f, 0.1f, 0.1f, 0.1f});
  EXPECT_EQ(r.verdict, report::Verdict::Inconclusive);
  EXPECT_EQ(r.reason, "SECTIONS_DISAGREE");
  EXPECT_DOUBLE_EQ(*r.fake_score, 0.97);
  EXPECT_EQ(r.evidence.audio->verdict, report::Verdict::LikelyFake);
  EXPECT_NE(r.explanation->find("finds the voice synthetic (0.97)"), std::string::npos) << *r.explanation;
  EXPECT_NE(r.explanation->find("contradict"), std::string::npos) << *r.explanation;
  testing::expect_valid_report(Json(r));
}

TEST(FusionV2Producer, EverySectionClearingIsLikelyReal) {
  ProducedReport produced;
  produced.temporal = temporal_section(0.1);
  produced.audio = audio_section(0.05, 4.0375);
  report::Report r = produced.build(landscape_video(), {0.05f, 0.05f, 0.05f, 0.05f}, {0.1f, 0.1f, 0.1f, 0.1f});
  EXPECT_EQ(r.verdict, report::Verdict::LikelyReal);
  EXPECT_EQ(r.evidence.temporal->verdict, report::Verdict::LikelyReal);
  EXPECT_NE(r.explanation->find("motion over time (LRNet) looks natural (0.10)"), std::string::npos) << *r.explanation;
  testing::expect_valid_report(Json(r));
}

TEST(FusionV2Producer, ShortSpeechKeepsTheVoiceFromAConfidentVerdict) {
  ProducedReport produced;
  produced.audio = audio_section(0.99, 1.4);
  report::Report r = produced.build(landscape_video(), {0.5f, 0.5f, 0.5f, 0.5f}, {0.5f, 0.5f, 0.5f, 0.5f});
  EXPECT_TRUE(has_warning(r, "SHORT_SPEECH"));
  EXPECT_EQ(r.evidence.audio->verdict, report::Verdict::Inconclusive);
  EXPECT_EQ(r.verdict, report::Verdict::Inconclusive);
  EXPECT_EQ(r.evidence.visual.verdict, report::Verdict::Inconclusive);  // SHORT_SPEECH is not the face's condition
  testing::expect_valid_report(Json(r));
}

TEST(FusionV2Producer, ThePortraitConditionAlsoHoldsBackTheTemporalSection) {
  ProducedReport produced;
  produced.temporal = temporal_section(0.95);
  report::MediaFacts media = landscape_video();
  media.width = 360;
  media.height = 640;
  report::Report r = produced.build(media, {0.5f, 0.5f, 0.5f, 0.5f}, {0.5f, 0.5f, 0.5f, 0.5f});
  EXPECT_EQ(r.evidence.temporal->verdict, report::Verdict::Inconclusive);
  EXPECT_EQ(r.verdict, report::Verdict::Inconclusive);
  EXPECT_EQ(r.reason, "PORTRAIT_VIDEO");
  testing::expect_valid_report(Json(r));
}

}  // namespace deeptrace::detect
