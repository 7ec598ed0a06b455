// The whole analysis (decoding, faces, detectors, report) on every case of
// the media matrix: a report at the displayed size, or the stable code. The
// sanitizer build runs this suite too.
#include <algorithm>
#include <set>

#include <gtest/gtest.h>

#include "core/errors.hpp"
#include "detect/analyzer.hpp"
#include "media_matrix.hpp"
#include "report_schema_check.hpp"
#include "test_clips.hpp"

namespace deeptrace::detect {
namespace {

using testing::error_code_of;
using testing::matrix_case;
using testing::MatrixCase;

constexpr int kFrames = 4;

Json analyze(const MatrixCase& c) {
  AnalyzerConfig config;
  config.models_dir = DEEPTRACE_MODELS_DIR;
  config.max_pixels = c.max_pixels;
  Analyzer analyzer(config);
  JobOptions options;
  options.frames = kFrames;
  return analyzer.analyze(c.file, options, {});
}

class AnalyzerMatrix : public ::testing::TestWithParam<std::string> {};

TEST_P(AnalyzerMatrix, ReportsAtTheDisplayedSizeOrRefusesWithTheStableCode) {
  const MatrixCase& c = matrix_case(GetParam());
  if (c.audio_only) {  // sampling refuses it; the analyzer reads its sound alone
    Json report = analyze(c);
    testing::expect_valid_report(report);
    EXPECT_EQ(report["media"]["kind"], "audio") << report["media"];
    EXPECT_EQ(report["evidence"]["visual"]["reason"], "NO_VIDEO");
    EXPECT_TRUE(report["evidence"].contains("audio")) << report["evidence"];
    return;
  }
  if (c.refused) {
    EXPECT_EQ(error_code_of([&] { analyze(c); }), *c.refused);
    return;
  }
  Json report = analyze(c);
  testing::expect_valid_report(report);
  EXPECT_EQ(report["evidence"]["visual"]["frames_analyzed"], std::min(kFrames, c.frames));
  EXPECT_EQ(report["media"]["width"], c.display_width) << report["media"];
  EXPECT_EQ(report["media"]["height"], c.display_height) << report["media"];
  const std::set<std::string> verdicts = {"likely_fake", "likely_real", "inconclusive", "not_applicable"};
  EXPECT_TRUE(verdicts.count(report["verdict"].get<std::string>())) << report["verdict"];
}

INSTANTIATE_TEST_SUITE_P(Cases, AnalyzerMatrix, ::testing::ValuesIn(testing::media_matrix_names()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace deeptrace::detect
