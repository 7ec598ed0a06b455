// The C++ enums are the source of the schema's enums: the published schema
// must list the same names in the same order. And the typed report writes
// documents the schema accepts, and reads them back unchanged.
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/job.hpp"
#include "report/report.hpp"
#include "report_schema_check.hpp"

namespace deeptrace::report {
namespace {

Json read_json(const std::string& relative_path) {
  std::ifstream in(std::string(DEEPTRACE_SOURCE_DIR) + "/" + relative_path);
  return Json::parse(in);
}

std::vector<std::string> schema_enum(const char* definition) {
  static const Json schema = read_json("docs/report.schema.json");
  return schema.at("$defs").at(definition).at("enum").get<std::vector<std::string>>();
}

template <typename Enum, typename NameOf>
std::vector<std::string> names_of(const std::vector<Enum>& values, NameOf name_of) {
  std::vector<std::string> names;
  for (Enum v : values) names.emplace_back(name_of(v));
  return names;
}

TEST(ReportContract, SchemaEnumsAreTheCppEnums) {
  EXPECT_EQ(schema_enum("Verdict"), names_of(all_verdicts(), verdict_name));
  EXPECT_EQ(schema_enum("SectionStatus"), names_of(all_section_statuses(), section_status_name));
  EXPECT_EQ(schema_enum("JobStatus"), names_of(all_statuses(), status_name));
  EXPECT_EQ(schema_enum("Stage"), names_of(all_stages(), stage_name));
  EXPECT_EQ(schema_enum("ProvenanceStatus"), names_of(all_provenance_statuses(), provenance_status_name));
}

TEST(ReportContract, ProvenanceWordsAreTheSchemas) {
  const Json wording = read_json("docs/report.schema.json").at("$defs").at("ProvenanceStatus").at("x-wording");
  for (ProvenanceStatus s : all_provenance_statuses())
    EXPECT_EQ(provenance_status_label(s), wording.at(std::string(provenance_status_name(s))).at("label").get<std::string>());
}

// The verdicts' words are the schema's ($defs.Verdict["x-wording"]), the
// ones the web UI generates its copy from (issue 18: one wording).
TEST(ReportContract, VerdictWordsAreTheSchemas) {
  const Json wording = read_json("docs/report.schema.json").at("$defs").at("Verdict").at("x-wording");
  for (Verdict v : all_verdicts()) {
    const Json& words = wording.at(std::string(verdict_name(v)));
    EXPECT_EQ(verdict_label(v), words.at("label").get<std::string>());
    EXPECT_EQ(verdict_headline(v), words.at("headline").get<std::string>());
  }
}

TEST(ReportContract, EnumNamesParseBack) {
  for (Verdict v : all_verdicts()) EXPECT_EQ(parse_verdict(verdict_name(v)), v);
  for (SectionStatus s : all_section_statuses()) EXPECT_EQ(parse_section_status(section_status_name(s)), s);
  for (Stage s : all_stages()) EXPECT_EQ(parse_stage(stage_name(s)), s);
  for (ProvenanceStatus s : all_provenance_statuses()) EXPECT_EQ(parse_provenance_status(provenance_status_name(s)), s);
  EXPECT_FALSE(parse_verdict("fake").has_value());
  EXPECT_FALSE(parse_stage("decoding").has_value());
}

TEST(ReportContract, VerdictBoundsAreInclusive) {
  Thresholds t{0.7, 0.3};
  EXPECT_EQ(verdict_for(0.7, t), Verdict::LikelyFake);
  EXPECT_EQ(verdict_for(0.3, t), Verdict::LikelyReal);
  EXPECT_EQ(verdict_for(0.5, t), Verdict::Inconclusive);
}

// A small report with every kind of field: a scored track with a thumbnail,
// a frame without a face, and a section this build has no type for.
Report sample_report() {
  Report r;
  r.verdict = Verdict::LikelyFake;
  r.fake_score = 0.9;
  r.evidence.visual.status = SectionStatus::Ok;
  r.evidence.visual.fake_score = 0.9;
  r.evidence.visual.verdict = Verdict::LikelyFake;
  r.evidence.visual.detectors = {{"Meso4_DF", "2018-wifs.2", "ab", 1.0, 0.9, Verdict::LikelyFake, 12.5}};
  r.evidence.visual.face_detector = {"blazeface", {{"blazeface_front", "mediapipe-2019.1", "cd"}}};
  r.evidence.visual.frames_analyzed = 2;
  r.evidence.visual.faces_found = 1;
  r.evidence.visual.faces_classified = 1;
  r.evidence.visual.deciding_track = 0;
  r.evidence.visual.aggregate = "per face: ...";
  ArtifactRef thumbnail{"track-0.jpg", std::string(64, 'a'), 1234, "image/jpeg"};
  r.evidence.visual.tracks = {{0, 1, 0.5, 0.5, 0.9, Verdict::LikelyFake, {{"Meso4_DF", 0.9}}, thumbnail, 0.5, {1, 2, 3, 4}}};
  r.evidence.visual.frames = {{0.0, 0, std::nullopt, std::nullopt}, {0.5, 1, 0.9, ScoresByDetector{{"Meso4_DF", 0.9}}}};
  TemporalEvidence temporal;
  temporal.status = SectionStatus::Ok;
  temporal.fake_score = 0.2;
  temporal.verdict = Verdict::LikelyReal;
  temporal.detectors = {{"lrnet_ffpp", "cvpr2021.1", "ef", 1.0, 0.2, Verdict::LikelyReal, 30.0}};
  temporal.weights = "ffpp";
  temporal.landmarks = {{"dlib_68", "19.24", "01"}, "pyramidal Lucas-Kanade + Kalman"};
  temporal.windows_requested = 4;
  temporal.windows_analyzed = 1;
  temporal.tracks = {{0, 0.0, 1.2, 1, 0.2, Verdict::LikelyReal}};
  r.evidence.temporal = temporal;
  AudioEvidence audio;
  audio.status = SectionStatus::NotApplicable;
  audio.reason = "NO_SPEECH";
  audio.window_s = 4.0375;
  audio.windows_analyzed = 1;
  audio.windows = {{0.0, 2.0, false, std::nullopt, std::nullopt}};
  r.evidence.audio = audio;
  // A section this build does not know by type: kept and shown by its common fields.
  r.evidence.other["lip_sync"] = {SectionStatus::Unavailable, "NO_MODEL", std::nullopt, Verdict::NotApplicable, {}, std::nullopt};
  r.fusion = {"2024.1", "how scores are fused", {{"weights", {{"Meso4_DF", 1.0}}}}};
  r.media = {std::string(64, 'b'), 100, "clip.mp4", "video/mp4", "mp4", "h264", 2.0, 64, 48, 25.0, "video",
             "yuv420p", 0.0, 1000.0, std::nullopt, 4.0 / 3, true, AudioStreamFacts{"aac", 2, 44100}};
  r.settings = {8, 2, "0.1.0"};
  r.warnings = {{"FEW_FACES", "only 1 face"}};
  r.timings_ms = {{"total", 10.0}, {"decode", 4.0}};
  r.artifacts = {thumbnail};
  r.disclaimer = "an estimate";
  return r;
}

TEST(ReportContract, WrittenReportsMatchTheSchemaAndReadBack) {
  Json written = sample_report();
  EXPECT_EQ(written.at("report_version"), kReportVersion);
  testing::expect_valid_report(written);
  Json reread = written.get<Report>();
  EXPECT_EQ(reread, written);
  EXPECT_EQ(written.at("evidence").at("lip_sync").at("status"), "unavailable");
  EXPECT_EQ(written.at("evidence").at("audio").at("reason"), "NO_SPEECH");
  EXPECT_EQ(written.at("evidence").at("temporal").at("tracks").at(0).at("windows"), 1);
}

// Fusion v2's additive fields: written when set, absent when not, read back.
TEST(ReportContract, ExplanationAndDisagreementAreOptionalAndRoundTrip) {
  Report r = sample_report();
  Json without = r;
  EXPECT_FALSE(without.contains("explanation"));
  EXPECT_FALSE(without["evidence"]["visual"].contains("disagreement"));
  r.verdict = Verdict::Inconclusive;
  r.reason = "DETECTORS_DISAGREE";
  r.explanation = "1 of 2 detectors flag the face as manipulated; 1 finds it looks real; inconclusive.";
  r.evidence.visual.disagreement = Disagreement{{"Meso4_F2F"}, {"Meso4_DF"}};
  Json with = r;
  testing::expect_valid_report(with);
  EXPECT_EQ(with["evidence"]["visual"]["disagreement"], (Json{{"flagging", {"Meso4_F2F"}}, {"clearing", {"Meso4_DF"}}}));
  Report reread = with.get<Report>();
  EXPECT_EQ(reread.explanation, r.explanation);
  ASSERT_TRUE(reread.evidence.visual.disagreement.has_value());
  EXPECT_EQ(reread.evidence.visual.disagreement->clearing, std::vector<std::string>{"Meso4_DF"});
  Json bad = with;
  bad["explanation"] = 3;
  EXPECT_FALSE(testing::matches_report_schema(bad));
  Json bad_disagreement = with;
  bad_disagreement["evidence"]["visual"]["disagreement"].erase("clearing");
  EXPECT_FALSE(testing::matches_report_schema(bad_disagreement));
}

// Issue 15: provenance and the headline it may decide are optional, written
// in the schema's shape and read back.
TEST(ReportContract, ProvenanceAndHeadlineAreOptionalAndRoundTrip) {
  Report r = sample_report();
  Json without = r;
  EXPECT_FALSE(without.contains("provenance"));
  EXPECT_FALSE(without.contains("headline"));
  Provenance p;
  p.status = ProvenanceStatus::Valid;
  p.summary = "Signed by C2PA Signer (not on a trusted list) with make_test_images.";
  p.generative_ai = true;
  p.sdk = SdkRef{"c2pa-rs", "0.90.0"};
  ProvenanceManifest m;
  m.label = "urn:uuid:1";
  m.claim_generator = "make_test_images/0.33.1";
  m.signer = {"C2PA Test Signing Cert", "C2PA Signer", "Ps256", "2024-08-06T21:53:37+00:00", false};
  m.actions = {{"c2pa.created", "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia", "Firefly",
                std::nullopt}};
  m.ingredients = {{"A.jpg", "parentOf", "image/jpeg", false}};
  p.manifest = m;
  p.failures = {{"assertion.dataHash.mismatch", "hash mismatch", true}};
  p.not_fetched = {"OCSP"};
  p.ms = 4.5;
  r.provenance = p;
  r.headline = Headline{"provenance", "SIGNED_GENERATIVE_AI", "Signed as made with generative AI"};
  Json with = r;
  testing::expect_valid_report(with);
  EXPECT_EQ(Json(with.get<Report>()), with);
  EXPECT_EQ(with["provenance"]["manifest"]["signer"]["trusted"], false);
  Json none = with;
  none.erase("headline");
  none["provenance"]["status"] = "none";
  none["provenance"]["manifest"] = nullptr;
  testing::expect_valid_report(none);
  Json bad = with;
  bad["provenance"]["status"] = "signed";
  EXPECT_FALSE(testing::matches_report_schema(bad));
  EXPECT_THROW(bad.get<Report>(), ReportFormatError);
  Json bad_trust = with;
  bad_trust["provenance"]["trust_list"] = "not a digest";
  EXPECT_FALSE(testing::matches_report_schema(bad_trust));
}

// Issue 18: a track's saliency heatmap is optional (absent in reports
// written before it) and nullable; written in the schema's shape and read back.
TEST(ReportContract, TrackSaliencyIsOptionalNullableAndRoundTrips) {
  Report r = sample_report();
  Json without = r;
  EXPECT_TRUE(without["evidence"]["visual"]["tracks"][0]["saliency"].is_null());
  ArtifactRef heatmap{"track-0-saliency.jpg", std::string(64, 'c'), 2345, "image/jpeg"};
  r.evidence.visual.tracks[0].saliency = TrackSaliency{heatmap, "input_gradient", {"Meso4_DF", "Meso4_F2F"}};
  r.artifacts.push_back(heatmap);
  Json with = r;
  testing::expect_valid_report(with);
  EXPECT_EQ(with["evidence"]["visual"]["tracks"][0]["saliency"],
            (Json{{"artifact", heatmap}, {"method", "input_gradient"}, {"detectors", {"Meso4_DF", "Meso4_F2F"}}}));
  EXPECT_EQ(Json(with.get<Report>()), with);
  Json older = with;  // written before the field existed
  older["evidence"]["visual"]["tracks"][0].erase("saliency");
  testing::expect_valid_report(older);
  EXPECT_FALSE(older.get<Report>().evidence.visual.tracks[0].saliency.has_value());
  Json bad_method = with;
  bad_method["evidence"]["visual"]["tracks"][0]["saliency"]["method"] = "magic";
  EXPECT_FALSE(testing::matches_report_schema(bad_method));
  Json no_detectors = with;
  no_detectors["evidence"]["visual"]["tracks"][0]["saliency"]["detectors"] = Json::array();
  EXPECT_FALSE(testing::matches_report_schema(no_detectors));
  Json bare_ref = with;  // the artifact alone, without what made it
  bare_ref["evidence"]["visual"]["tracks"][0]["saliency"] = heatmap;
  EXPECT_FALSE(testing::matches_report_schema(bare_ref));
}

TEST(ReportContract, TheValidatorRejectsWhatTheSchemaForbids) {
  Json report = sample_report();
  report["thresholds"]["fake"] = 0.7;  // a v1 spelling
  EXPECT_FALSE(testing::matches_report_schema(report));
  Json no_version = sample_report();
  no_version.erase("report_version");
  EXPECT_FALSE(testing::matches_report_schema(no_version));
}

TEST(ReportContract, ReadingRejectsOtherShapes) {
  Json missing = sample_report();
  missing["evidence"]["visual"].erase("tracks");
  EXPECT_ANY_THROW(missing.get<Report>());
  Json bad_verdict = sample_report();
  bad_verdict["verdict"] = "fake";
  EXPECT_THROW(bad_verdict.get<Report>(), ReportFormatError);
  Json future = sample_report();
  future["report_version"] = kReportVersion + 1;
  EXPECT_THROW(read_report(future), ReportFormatError);
}

TEST(ReportContract, TimelineMatchesItsDefinition) {
  Timeline timeline;
  timeline.frames = {{0.0, 0, std::nullopt, std::nullopt, {}},
                     {0.5, 1, 0.9, ScoresByDetector{{"Meso4_DF", 0.9}}, {{{1, 2, 3, 4}, -1, 0.9, {{"Meso4_DF", 0.9}}}}}};
  Json written = timeline;
  testing::expect_valid_timeline(written);
  EXPECT_EQ(Json(written.get<Timeline>()), written);
  written["frames"][1]["detections"][0]["track"] = -2;
  EXPECT_FALSE(testing::matches_report_schema(written, "Timeline"));
}

}  // namespace
}  // namespace deeptrace::report
