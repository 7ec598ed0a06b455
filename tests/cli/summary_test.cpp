#include <fstream>
#include <optional>

#include <gtest/gtest.h>

#include "cli/cli_error.hpp"
#include "cli/follow.hpp"
#include "cli/http_client.hpp"
#include "cli/summary.hpp"

namespace deeptrace::cli {
namespace {

using report::Verdict;

// A version-2 report with the fields the summary shows.
report::Report sample_report(Verdict verdict, std::optional<double> score) {
  report::Report r;
  r.verdict = verdict;
  r.fake_score = score;
  if (verdict == Verdict::NotApplicable) r.reason = "NO_FACE";
  r.thresholds = {0.7, 0.3};
  report::VisualEvidence& visual = r.evidence.visual;
  visual.status = score ? report::SectionStatus::Ok : report::SectionStatus::NotApplicable;
  visual.fake_score = score;
  visual.verdict = verdict;
  visual.detectors = {{"mesonet4", "1", "ab", 1.0, score, verdict, 10},
                      {"mesoinception4", "1", "cd", 1.0, std::nullopt, Verdict::NotApplicable, 10}};
  visual.frames_analyzed = 16;
  visual.faces_found = 14;
  visual.faces_classified = 12;
  r.timings_ms = {{"total", 2500}};
  return r;
}

Json completed_job(const report::Report& report) {
  return {{"job_id", "j1"},
          {"status", "COMPLETED"},
          {"media", {{"filename", "clip.mp4"}}},
          {"progress", {{"stage", "done"}, {"done", 1}, {"total", 1}}},
          {"result", report}};
}

Json completed_job(Verdict verdict, std::optional<double> score) { return completed_job(sample_report(verdict, score)); }

Json stored_job(const std::string& vector_name) {
  std::ifstream in(std::string(DEEPTRACE_SOURCE_DIR) + "/tests/vectors/" + vector_name);
  return Json::parse(in);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(Summary, VerdictWordingCarriesUncertainty) {
  std::string fake = verdict_sentence(sample_report(Verdict::LikelyFake, 0.91));
  EXPECT_TRUE(contains(fake, "Verdict: Signs of manipulation detected.")) << fake;
  EXPECT_TRUE(contains(fake, "0.91"));
  EXPECT_TRUE(contains(fake, "not proof"));
  std::string real = verdict_sentence(sample_report(Verdict::LikelyReal, 0.12));
  EXPECT_TRUE(contains(real, "Verdict: No strong signs of manipulation found.") && contains(real, "not proof")) << real;
  std::string unsure = verdict_sentence(sample_report(Verdict::Inconclusive, 0.5));
  EXPECT_TRUE(contains(unsure, "Verdict: Inconclusive.") && contains(unsure, "between 0.30 and 0.70")) << unsure;
  std::string none = verdict_sentence(sample_report(Verdict::NotApplicable, std::nullopt));
  EXPECT_TRUE(contains(none, "No face was found")) << none;
  for (const std::string& s : {fake, real, unsure, none}) {
    EXPECT_FALSE(contains(s, "is fake") || contains(s, "is real")) << "states a fact: " << s;
  }
}

TEST(Summary, TheVerdictUsesTheReportsThresholds) {
  report::Report r = sample_report(Verdict::Inconclusive, 0.5);
  r.thresholds = {0.8, 0.2};
  EXPECT_TRUE(contains(verdict_sentence(r), "between 0.20 and 0.80")) << verdict_sentence(r);
}

TEST(Summary, CompletedSummaryHasScoreEvidenceFacesAndLink) {
  std::string text = job_summary(completed_job(Verdict::LikelyFake, 0.87), parse_server_url("http://h:1"));
  EXPECT_TRUE(contains(text, "Job j1 COMPLETED (clip.mp4)")) << text;
  EXPECT_TRUE(contains(text, "Fake score: 0.87"));
  EXPECT_TRUE(contains(text, "Evidence:\n  visual: ok, fake score 0.87 (Signs of manipulation)\n")) << text;
  EXPECT_TRUE(contains(text, "    detectors: mesonet4 0.87, mesoinception4 n/a\n")) << text;
  EXPECT_TRUE(contains(text, "Faces: 14 found in 16 sampled frames, 12 scored"));
  EXPECT_TRUE(contains(text, "Analysis took 00:02"));
  EXPECT_TRUE(contains(text, "Report: http://h:1/jobs/j1"));
  EXPECT_FALSE(contains(text, "track")) << "no tracks in this report";
}

TEST(Summary, TracksArePrintedWhenTheReportHasThem) {
  report::Report r = sample_report(Verdict::Inconclusive, 0.5);
  r.evidence.visual.tracks = {{0, 10, 0.0, 2.04, 0.81, Verdict::LikelyFake, {}, std::nullopt, 1.0, {}},
                              {1, 2, 0.5, 1.0, 0.2, Verdict::LikelyReal, {}, std::nullopt, 0.5, {}}};
  r.evidence.visual.deciding_track = 0;
  r.warnings = {{"FEW_FACES", "only 2 faces were scored"}};
  std::string text = job_summary(completed_job(r), parse_server_url("http://h"));
  EXPECT_TRUE(contains(text, "Face tracks: 2")) << text;
  EXPECT_TRUE(contains(text, "track 0: fake score 0.81 (Signs of manipulation), 10 faces, 0.0-2.0 s, decides the verdict\n"))
      << text;
  EXPECT_TRUE(contains(text, "track 1: fake score 0.20 (No strong signs), 2 faces, 0.5-1.0 s\n")) << text;
  EXPECT_TRUE(contains(text, "Note: only 2 faces were scored")) << text;
}

// Issue 18: tracks a cut had split off one person, joined again.
TEST(Summary, SaysHowManyTracksFaceRecognitionJoined) {
  report::Report r = sample_report(Verdict::Inconclusive, 0.5);
  r.evidence.visual.tracks = {{0, 10, 0.0, 6.0, 0.4, Verdict::Inconclusive, {}, std::nullopt, 1.0, {}}};
  r.evidence.visual.track_identity = report::TrackIdentity{{"dlib_face_recognition_resnet_model_v1", "1", "ab"}, 0.5, 1};
  std::string text = job_summary(completed_job(r), parse_server_url("http://h"));
  EXPECT_TRUE(contains(text, "Face tracks: 1 (1 track of a person already listed was joined to theirs by face recognition)\n")) << text;
  r.evidence.visual.track_identity->tracks_joined = 0;
  text = job_summary(completed_job(r), parse_server_url("http://h"));
  EXPECT_TRUE(contains(text, "Face tracks: 1\n")) << text;
}

TEST(Summary, TheExplanationFollowsTheVerdictAndDisagreementNamesWho) {
  report::Report r = sample_report(Verdict::Inconclusive, 0.84);
  r.reason = "DETECTORS_DISAGREE";
  r.explanation = "1 of 2 detectors flag the face as manipulated; 1 finds it looks real; inconclusive.";
  r.evidence.visual.disagreement = report::Disagreement{{"Meso4_F2F"}, {"Meso4_DF"}};
  std::string text = job_summary(completed_job(r), parse_server_url("http://h"));
  EXPECT_TRUE(contains(text, "Verdict: Inconclusive (DETECTORS_DISAGREE). The fake score is 0.84, but a confident "
                             "verdict is withheld for this reason.\n" + *r.explanation + "\n"))
      << text;
  EXPECT_TRUE(contains(text, "    disagreement: flagging Meso4_F2F; clearing Meso4_DF\n")) << text;
}

// Issue 15: a valid signed generative-AI statement is the headline; the
// detectors' verdict follows it, and the provenance line follows the
// explanation. Without one, neither line appears.
TEST(Summary, AProvenanceHeadlineComesFirstAndTheDetectorsVerdictBesideIt) {
  report::Report r = sample_report(Verdict::LikelyReal, 0.1);
  r.explanation = "Content Credentials signed by X. The detectors, separately: all clear.";
  report::Provenance p;
  p.status = report::ProvenanceStatus::Valid;
  p.summary = "Content Credentials signed by X, not on a trusted list; the signer says the file was made by a "
              "generative AI model.";
  p.generative_ai = true;
  r.provenance = p;
  r.headline = report::Headline{"provenance", "SIGNED_GENERATIVE_AI", "Signed as made with generative AI"};
  std::string text = report_summary(Json(r));
  EXPECT_EQ(text.rfind("Headline: Signed as made with generative AI\nDetectors' Verdict: No strong signs", 0), 0u) << text;
  EXPECT_TRUE(contains(text, *r.explanation + "\nProvenance: " + p.summary + "\n")) << text;
  EXPECT_EQ(provenance_details(p).rfind("Provenance: " + p.summary + "\n", 0), 0u);
  std::string plain = report_summary(Json(sample_report(Verdict::LikelyReal, 0.1)));
  EXPECT_FALSE(contains(plain, "Headline:") || contains(plain, "Provenance:")) << plain;
}

TEST(Summary, AReportWithoutAnExplanationShowsNone) {
  std::string text = job_summary(completed_job(Verdict::LikelyReal, 0.1), parse_server_url("http://h"));
  EXPECT_FALSE(contains(text, "disagreement")) << text;
  EXPECT_TRUE(contains(text, "not proof.\nFake score:")) << text;
}

// A section this CLI has no type for (from a newer server) shows by the
// fields every section has.
TEST(Summary, AnUnknownEvidenceSectionShowsByItsCommonFields) {
  Json job = completed_job(Verdict::Inconclusive, 0.5);
  job["result"]["evidence"]["provenance"] = {{"status", "unavailable"}, {"reason", "NO_MODEL"}, {"fake_score", nullptr},
                                             {"verdict", "not_applicable"}, {"detectors", Json::array()},
                                             {"manifest", "none"}};
  job["result"]["evidence"]["lipsync"] = {
      {"status", "ok"}, {"reason", nullptr}, {"fake_score", 0.4}, {"verdict", "inconclusive"},
      {"detectors", Json::array({{{"name", "flow"}, {"version", "1"}, {"weights_sha256", "ef"}, {"weight", 1.0},
                                  {"fake_score", 0.4}, {"verdict", "inconclusive"}, {"ms", 3.0}}})}};
  std::string text = job_summary(job, parse_server_url("http://h"));
  EXPECT_TRUE(contains(text, "  provenance: unavailable (NO_MODEL)\n")) << text;
  EXPECT_TRUE(contains(text, "  lipsync: ok, fake score 0.40 (Inconclusive)\n    detectors: flow 0.40\n")) << text;
}

TEST(Summary, StoredVersionOneReportsRender) {
  Json job = stored_job("job_report_v1.json");
  std::string text = job_summary(job, parse_server_url("http://h"));
  EXPECT_TRUE(contains(text, "Verdict: Inconclusive. The fake score 0.53 lies between 0.30 and 0.70")) << text;
  EXPECT_TRUE(contains(text, "  visual: ok, fake score 0.53 (Inconclusive)\n")) << text;
  EXPECT_TRUE(contains(text, "detectors: Meso4_DF 0.80, Meso4_F2F 0.48")) << text;
  EXPECT_TRUE(contains(text, "Faces: 13 found in 8 sampled frames, 13 scored")) << text;
  EXPECT_TRUE(contains(text, "Face tracks: 2")) << text;
  EXPECT_TRUE(contains(text, "track 1: fake score")) << text;
  EXPECT_TRUE(contains(text, "decides the verdict")) << text;
  EXPECT_EQ(status_line(job).find(job["job_id"].get<std::string>() + "  COMPLETED  Inconclusive 0.53"), 0u)
      << status_line(job);

  std::string faceless = job_summary(stored_job("job_report_v1_no_face.json"), parse_server_url("http://h"));
  EXPECT_TRUE(contains(faceless, "No face was found in the sampled frames")) << faceless;
  EXPECT_TRUE(contains(faceless, "  visual: not_applicable (NO_FACE)\n")) << faceless;
  EXPECT_TRUE(contains(faceless, "Faces: 0 found in 1 sampled frames, 0 scored")) << faceless;
}

// The stored report with visual, temporal and audio sections
// (tests/vectors/job_report_v2_av.json, shared with the web tests).
TEST(Summary, TemporalAndAudioSectionsHaveTheirOwnLines) {
  std::string text = job_summary(stored_job("job_report_v2_av.json"), parse_server_url("http://h"));
  EXPECT_TRUE(contains(text, "  temporal: ok, fake score 0.12 (No strong signs), LRNet ffpp, 3 windows over 2 tracks\n"
                             "    detectors: LRNet_g1 0.10, LRNet_g2 0.12\n"
                             "    track 0: fake score 0.12 (No strong signs), 2 windows, 0.4-8.0 s\n"
                             "    face in no track: fake score 0.41 (Inconclusive), 1 window, 2.8-4.0 s\n"))
      << text;
  EXPECT_TRUE(contains(text, "  audio: ok, fake score 0.81 (Signs of manipulation), AASIST, 2 of 3 windows with speech\n"
                             "    detectors: AASIST 0.81\n"
                             "    most suspicious window: 0.0-4.0 s, P(spoof) 0.81\n"))
      << text;
}

// Speech beyond the windows scored per file is counted, and said to be unscored.
TEST(Summary, SpeechWindowsBeyondTheScoredOnesAreCounted) {
  Json job = stored_job("job_report_v2_av.json");
  job["result"]["evidence"]["audio"]["windows_scored"] = 1;
  std::string text = job_summary(job, parse_server_url("http://h"));
  EXPECT_TRUE(contains(text, "AASIST, 2 of 3 windows with speech (1 scored)\n")) << text;
}

TEST(Summary, ASectionThatDidNotScoreGivesOnlyItsReason) {
  report::Report r = sample_report(Verdict::LikelyReal, 0.1);
  report::AudioEvidence audio;
  audio.status = report::SectionStatus::NotApplicable;
  audio.reason = "NO_SPEECH";
  audio.window_s = 4.0375;
  audio.windows_analyzed = 2;
  audio.windows = {{0, 4.0375, false, std::nullopt, std::nullopt}, {4.0375, 1.0, false, std::nullopt, std::nullopt}};
  r.evidence.audio = audio;
  report::TemporalEvidence temporal;
  temporal.status = report::SectionStatus::NotApplicable;
  temporal.reason = "NO_TRACKED_WINDOW";
  temporal.weights = "ffpp";
  r.evidence.temporal = temporal;
  std::string text = job_summary(completed_job(r), parse_server_url("http://h"));
  EXPECT_TRUE(contains(text, "  temporal: not_applicable (NO_TRACKED_WINDOW)\n  audio: not_applicable (NO_SPEECH)\n"))
      << text;
}

TEST(Summary, MediaFactsNameTheAudioStream) {
  report::Report r = sample_report(Verdict::LikelyReal, 0.1);
  r.media.kind = "video";
  r.media.width = 1280;
  r.media.height = 720;
  r.media.fps = 25;
  r.media.duration_s = 10;
  r.media.codec = "h264";
  std::string silent = job_summary(completed_job(r), parse_server_url("http://h"));
  EXPECT_TRUE(contains(silent, "\nMedia: video, h264, 1280x720, 25.00 fps, 10.0 s\n")) << silent;
  r.media.audio = report::AudioStreamFacts{"aac", 2, 48000};
  std::string voiced = job_summary(completed_job(r), parse_server_url("http://h"));
  EXPECT_TRUE(contains(voiced, "\nMedia: video, h264, 1280x720, 25.00 fps, 10.0 s; audio aac, 2 channels, 48000 Hz\n"))
      << voiced;
}

// An audio-only upload: no picture to measure, no faces to count.
TEST(Summary, AnAudioOnlyJobShowsItsAudioStreamAndNoFaces) {
  std::string text = job_summary(stored_job("job_report_v2_audio_only.json"), parse_server_url("http://h"));
  EXPECT_TRUE(contains(text, "\nMedia: audio, aac, 1 channel, 22050 Hz, 5.2 s\n")) << text;
  EXPECT_FALSE(contains(text, "0x0")) << text;
  EXPECT_TRUE(contains(text, "  visual: not_applicable (NO_VIDEO)\n  temporal: not_applicable (NO_VIDEO)\n"
                             "  audio: ok, fake score 0.93 (Signs of manipulation), AASIST, 2 of 2 windows with speech\n"))
      << text;
  EXPECT_FALSE(contains(text, "Faces:")) << text;
}

TEST(Summary, AReportOfAnotherVersionIsNamedNotGuessed) {
  Json job = completed_job(Verdict::LikelyFake, 0.9);
  job["result"]["report_version"] = 3;
  std::string text = job_summary(job, parse_server_url("http://h"));
  EXPECT_TRUE(contains(text, "could not be read by this version of deeptrace")) << text;
  EXPECT_TRUE(contains(text, "Report: http://h/jobs/j1")) << text;
  EXPECT_EQ(status_line(job).find("j1  COMPLETED  ?"), 0u) << status_line(job);
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
  EXPECT_EQ(exit_code_for(completed_job(Verdict::LikelyReal, 0.1)), ExitCode::Ok);
}

TEST(Summary, StatusLineAndTable) {
  Json running = {{"job_id", "j4"}, {"status", "PROCESSING"}, {"created_at", "2024-01-01T00:00:00Z"},
                  {"media", {{"filename", "a.mp4"}}}, {"progress", {{"stage", "decode"}, {"done", 3}, {"total", 8}}}};
  EXPECT_EQ(status_line(running), "j4  PROCESSING  decoding frames 3/8  a.mp4");
  Json queued = {{"job_id", "j5"}, {"status", "PENDING"}, {"queue_position", 2}, {"media", {{"filename", "b.mp4"}}}};
  EXPECT_EQ(status_line(queued), "j5  PENDING  2 jobs ahead in the queue  b.mp4");
  queued["queue_position"] = 0;
  EXPECT_EQ(status_line(queued), "j5  PENDING  next in the queue  b.mp4");
  queued["queue_position"] = 1;
  EXPECT_EQ(status_line(queued), "j5  PENDING  1 job ahead in the queue  b.mp4");
  std::string table = jobs_table({running, completed_job(Verdict::LikelyReal, 0.1)});
  EXPECT_TRUE(contains(table, "JOB ID  STATUS      RESULT")) << table;
  EXPECT_TRUE(contains(table, "No strong signs 0.10")) << table;
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
