#include <gtest/gtest.h>

#include "cli/cli_error.hpp"
#include "cli/follow.hpp"
#include "cli/http_client.hpp"
#include "cli/summary.hpp"

namespace deeptrace::cli {
namespace {

Json completed_job(const std::string& verdict, Json score) {
  return {{"job_id", "j1"},
          {"status", "COMPLETED"},
          {"media", {{"filename", "clip.mp4"}}},
          {"progress", {{"stage", "classify"}, {"done", 1}, {"total", 1}}},
          {"result",
           {{"verdict", verdict},
            {"fake_score", score},
            {"frames_analyzed", 16},
            {"faces_found", 14},
            {"faces_classified", 12},
            {"thresholds", {{"fake", 0.7}, {"real", 0.3}}},
            {"detector", {{"name", "mesonet4"}, {"weights_sha256", "ab"}}},
            {"detectors", Json::array({{{"name", "mesonet4"}, {"fake_score", score}},
                                       {{"name", "mesoinception4"}, {"fake_score", nullptr}}})},
            {"timings_ms", {{"total", 2500}}}}}};
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(Summary, VerdictWordingCarriesUncertainty) {
  std::string fake = verdict_sentence(completed_job("likely_fake", 0.91)["result"]);
  EXPECT_TRUE(contains(fake, "likely manipulated")) << fake;
  EXPECT_TRUE(contains(fake, "0.91"));
  EXPECT_TRUE(contains(fake, "not proof"));
  std::string real = verdict_sentence(completed_job("likely_real", 0.12)["result"]);
  EXPECT_TRUE(contains(real, "likely authentic") && contains(real, "not proof")) << real;
  std::string unsure = verdict_sentence(completed_job("inconclusive", 0.5)["result"]);
  EXPECT_TRUE(contains(unsure, "inconclusive") && contains(unsure, "between 0.30 and 0.70")) << unsure;
  std::string none = verdict_sentence(completed_job("not_applicable", nullptr)["result"]);
  EXPECT_TRUE(contains(none, "No face was found")) << none;
  for (const std::string& s : {fake, real, unsure, none}) {
    EXPECT_FALSE(contains(s, "is fake") || contains(s, "is real")) << "states a fact: " << s;
  }
}

TEST(Summary, CompletedSummaryHasScoreFacesDetectorsAndLink) {
  std::string text = job_summary(completed_job("likely_fake", 0.87), parse_server_url("http://h:1"));
  EXPECT_TRUE(contains(text, "Job j1 COMPLETED (clip.mp4)")) << text;
  EXPECT_TRUE(contains(text, "Fake score: 0.87"));
  EXPECT_TRUE(contains(text, "Faces: 14 found in 16 sampled frames, 12 scored"));
  EXPECT_TRUE(contains(text, "Detectors: mesonet4 0.87, mesoinception4 n/a")) << text;
  EXPECT_TRUE(contains(text, "Analysis took 00:02"));
  EXPECT_TRUE(contains(text, "Report: http://h:1/jobs/j1"));
  EXPECT_FALSE(contains(text, "track")) << "no tracks in this report";
}

TEST(Summary, TracksArePrintedWhenTheReportHasThem) {
  Json job = completed_job("inconclusive", 0.5);
  job["result"]["tracks"] = Json::array({{{"id", 0}, {"fake_score", 0.81}, {"verdict", "likely_fake"}, {"faces", 10},
                                          {"first_t", 0.0}, {"last_t", 2.04}},
                                         {{"id", 1}, {"fake_score", 0.2}}});
  job["result"]["deciding_track"] = 0;
  job["result"]["warnings"] = Json::array({{{"code", "FEW_FACES"}, {"message", "only 2 faces were scored"}}});
  std::string text = job_summary(job, parse_server_url("http://h"));
  EXPECT_TRUE(contains(text, "Face tracks: 2")) << text;
  EXPECT_TRUE(contains(text, "track 0: fake score 0.81 (likely_fake), 10 faces, 0.0-2.0 s, decides the verdict\n"))
      << text;
  EXPECT_TRUE(contains(text, "track 1: fake score 0.20\n")) << text;
  EXPECT_TRUE(contains(text, "Note: only 2 faces were scored")) << text;
}

TEST(Summary, FailedAndCancelledJobsNameTheirOutcome) {
  Json failed = {{"job_id", "j2"}, {"status", "FAILED"},
                 {"error", {{"code", "CORRUPT_MEDIA"}, {"message", "the media could not be decoded"}}}};
  EXPECT_EQ(outcome_line(failed), "Job j2 FAILED: CORRUPT_MEDIA: the media could not be decoded");
  EXPECT_EQ(exit_code_for(failed), ExitCode::JobFailed);
  Json cancelled = {{"job_id", "j3"}, {"status", "CANCELLED"}};
  EXPECT_TRUE(contains(outcome_line(cancelled), "CANCELLED"));
  EXPECT_EQ(exit_code_for(cancelled), ExitCode::Cancelled);
  EXPECT_EQ(exit_code_for({{"status", "PENDING"}}), ExitCode::NotFinished);
  EXPECT_EQ(exit_code_for(completed_job("likely_real", 0.1)), ExitCode::Ok);
}

TEST(Summary, StatusLineAndTable) {
  Json running = {{"job_id", "j4"}, {"status", "PROCESSING"}, {"created_at", "2024-01-01T00:00:00Z"},
                  {"media", {{"filename", "a.mp4"}}}, {"progress", {{"stage", "decode"}, {"done", 3}, {"total", 8}}}};
  EXPECT_EQ(status_line(running), "j4  PROCESSING  decoding frames 3/8  a.mp4");
  std::string table = jobs_table({running, completed_job("likely_real", 0.1)});
  EXPECT_TRUE(contains(table, "JOB ID  STATUS      RESULT")) << table;
  EXPECT_TRUE(contains(table, "likely_real 0.10")) << table;
  EXPECT_EQ(std::count(table.begin(), table.end(), '\n'), 3);
}

TEST(DecodeResponse, ErrorDocumentsBecomeRejectionsWithTheirCode) {
  EXPECT_EQ(decode_response(200, R"({"a":1})")["a"], 1);
  try {
    decode_response(401, R"({"error":{"code":"UNAUTHORIZED","message":"the API key is not valid"}})");
    FAIL() << "no exception";
  } catch (const CliError& e) {
    EXPECT_EQ(e.exit_code(), ExitCode::Rejected);
    EXPECT_EQ(e.code(), "UNAUTHORIZED");
    EXPECT_STREQ(e.what(), "the API key is not valid");
  }
  try {
    decode_response(502, "<html>bad gateway</html>");
    FAIL() << "no exception";
  } catch (const CliError& e) {
    EXPECT_EQ(e.code(), "HTTP_502");
  }
}

}  // namespace
}  // namespace deeptrace::cli
