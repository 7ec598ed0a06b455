// Reports stored before report_version (tests/vectors: real version-1 job
// documents) upgrade to reports the schema accepts, with nothing lost that
// version 2 still carries.
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "report/legacy.hpp"
#include "report/report.hpp"
#include "report_schema_check.hpp"

namespace deeptrace::report {
namespace {

Json stored_v1_result(const std::string& vector_name) {
  std::ifstream in(std::string(DEEPTRACE_SOURCE_DIR) + "/tests/vectors/" + vector_name);
  return Json::parse(in).at("result");
}

TEST(LegacyReport, ScoredVersionOneUpgradesToAValidReport) {
  Json v1 = stored_v1_result("job_report_v1.json");
  ASSERT_FALSE(v1.contains("report_version"));
  Json v2 = upgrade_legacy_report(v1);
  testing::expect_valid_report(v2);
  Report report = read_report(v1);
  EXPECT_EQ(report.verdict, Verdict::Inconclusive);
  EXPECT_EQ(report.fake_score, v1["fake_score"].get<double>());
  EXPECT_FALSE(report.reason.has_value());
  EXPECT_EQ(report.thresholds.likely_fake, 0.7);
  EXPECT_EQ(report.thresholds.likely_real, 0.3);
  const VisualEvidence& visual = report.evidence.visual;
  EXPECT_EQ(visual.status, SectionStatus::Ok);
  EXPECT_EQ(visual.tracks.size(), v1["tracks"].size());
  EXPECT_EQ(visual.frames.size(), v1["per_frame"].size());
  EXPECT_EQ(visual.deciding_track, 1);
  EXPECT_EQ(visual.detectors.size(), 4u);
  EXPECT_EQ(visual.face_detector.name, "blazeface");
  EXPECT_EQ(visual.face_detector.models.size(), 2u);
  ASSERT_TRUE(visual.tracks[0].thumbnail.has_value());
  EXPECT_EQ(visual.tracks[0].thumbnail->name, "track-0.jpg");
  EXPECT_EQ(report.fusion.version, "2024.1");
  EXPECT_FALSE(report.fusion.parameters.contains("thresholds"));
  EXPECT_TRUE(report.fusion.parameters.contains("weights"));
  EXPECT_EQ(report.settings.frames_requested, 8);
  EXPECT_EQ(report.artifacts.size(), v1["artifacts"].size());
}

TEST(LegacyReport, FacelessVersionOneIsNotApplicableForNoFace) {
  Json v1 = stored_v1_result("job_report_v1_no_face.json");
  testing::expect_valid_report(upgrade_legacy_report(v1));
  Report report = read_report(v1);
  EXPECT_EQ(report.verdict, Verdict::NotApplicable);
  EXPECT_EQ(report.reason, "NO_FACE");
  EXPECT_EQ(report.evidence.visual.status, SectionStatus::NotApplicable);
  EXPECT_EQ(report.evidence.visual.reason, "NO_FACE");
  EXPECT_FALSE(report.fake_score.has_value());
  for (const auto& d : report.evidence.visual.detectors) EXPECT_EQ(d.verdict, Verdict::NotApplicable);
}

// The first producer's shape (commit 15a7646): no media, settings, ensemble,
// tracks or artifacts; a median per detector; Haar faces.
TEST(LegacyReport, TheFirstVersionOneShapeUpgradesToo) {
  Json first = {
      {"verdict", "likely_real"},
      {"fake_score", 0.12},
      {"aggregate", "mean of the primary detector's scores over the largest face of each frame"},
      {"frames_analyzed", 2},
      {"faces_found", 1},
      {"faces_classified", 1},
      {"per_frame", Json::array({{{"t", 0.0}, {"faces", 1}, {"fake_score", 0.12}, {"scores", {{"Meso4_DF", 0.12}}}},
                                 {{"t", 1.0}, {"faces", 0}, {"fake_score", nullptr}}})},
      {"detector", {{"name", "Meso4_DF"}, {"version", "2018-wifs.1"}, {"weights_sha256", "ab"}}},
      {"detectors", Json::array({{{"name", "Meso4_DF"}, {"version", "2018-wifs.1"}, {"weights_sha256", "ab"},
                                  {"fake_score", 0.12}, {"median_fake_score", 0.12}, {"verdict", "likely_real"},
                                  {"ms", 5.0}}})},
      {"face_detector", "haar"},
      {"thresholds", {{"fake", 0.7}, {"real", 0.3}}},
      {"timings_ms", {{"decode", 1.0}, {"faces", 2.0}, {"classify", 3.0}, {"total", 6.0}}},
      {"disclaimer", "an estimate"}};
  Json v2 = upgrade_legacy_report(first);
  testing::expect_valid_report(v2);
  Report report = read_report(first);
  EXPECT_EQ(report.verdict, Verdict::LikelyReal);
  EXPECT_EQ(report.evidence.visual.face_detector.name, "haar");
  EXPECT_TRUE(report.evidence.visual.tracks.empty());
  EXPECT_EQ(report.evidence.visual.frames.size(), 2u);
  EXPECT_EQ(report.evidence.visual.detectors.at(0).weight, 1.0);
  EXPECT_FALSE(v2["evidence"]["visual"]["detectors"][0].contains("median_fake_score"));
  EXPECT_EQ(report.settings.frames_used, 2);
  EXPECT_TRUE(report.artifacts.empty());
}

TEST(LegacyReport, CurrentReportsAreLeftAlone) {
  Json v2 = upgrade_legacy_report(stored_v1_result("job_report_v1.json"));
  EXPECT_EQ(upgrade_legacy_report(v2), v2);
}

}  // namespace
}  // namespace deeptrace::report
