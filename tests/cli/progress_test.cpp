#include <gtest/gtest.h>

#include <sstream>

#include "cli/progress.hpp"
#include "cli/progress_view.hpp"

namespace deeptrace::cli {
namespace {

TEST(Progress, FormatsBytesRatesAndDurations) {
  EXPECT_EQ(format_bytes(0), "0 B");
  EXPECT_EQ(format_bytes(1023), "1023 B");
  EXPECT_EQ(format_bytes(1536), "1.5 KiB");
  EXPECT_EQ(format_bytes(5 * 1024 * 1024), "5.0 MiB");
  EXPECT_EQ(format_bytes(3LL << 30), "3.0 GiB");
  EXPECT_EQ(format_rate(2 * 1024 * 1024, 2.0), "1.0 MiB/s");
  EXPECT_EQ(format_rate(100, 0.0), "-");
  EXPECT_EQ(format_duration(65), "01:05");
  EXPECT_EQ(format_duration(3723), "1:02:03");
}

TEST(Progress, BarFillsInProportionAndClamps) {
  EXPECT_EQ(render_bar(0.0, 10), "[----------]");
  EXPECT_EQ(render_bar(0.45, 10), "[####------]");
  EXPECT_EQ(render_bar(1.0, 10), "[##########]");
  EXPECT_EQ(render_bar(7.0, 4), "[####]");
  EXPECT_EQ(render_bar(-1.0, 4), "[----]");
  EXPECT_EQ(percent(1, 3), 33);
  EXPECT_EQ(percent(5, 0), 100);
}

TEST(Progress, UploadLinesShowBytesPercentAndSpeed) {
  UploadSnapshot s{"clip.mp4", 1024 * 1024, 4 * 1024 * 1024, 0.5};
  EXPECT_EQ(upload_bar_line(s, 8), "clip.mp4 [##------]  25%  1.0 MiB / 4.0 MiB  2.0 MiB/s");
  EXPECT_EQ(upload_plain_line(s), "upload clip.mp4: 25% (1.0 MiB of 4.0 MiB, 2.0 MiB/s)");
}

TEST(Progress, JobLinesNameTheStage) {
  nlohmann::json job = {{"job_id", "j1"}, {"status", "PROCESSING"},
                        {"progress", {{"stage", "faces"}, {"done", 8}, {"total", 32}}}};
  JobSnapshot s = job_snapshot(job, 7.2);
  EXPECT_EQ(job_bar_line(s, 8), "PROCESSING  finding faces  [##------]  8/32  00:07");
  EXPECT_EQ(job_plain_line(s), "job j1: PROCESSING, finding faces 8/32");
  s.stage = "queued";
  s.total = 0;
  EXPECT_EQ(job_plain_line(s), "job j1: PROCESSING, waiting for a worker");
  s.status = "FAILED";
  EXPECT_EQ(job_plain_line(s), "job j1: FAILED");
  EXPECT_EQ(job_bar_line(s, 8), "FAILED  00:07");
}

TEST(ProgressView, PlainModeWritesWholeLinesOnlyAtSteps) {
  std::ostringstream out;
  ProgressView view(out, ProgressView::Mode::Plain, 80);
  for (int sent = 0; sent <= 100; ++sent) view.upload({"a.mp4", sent, 100, 1.0});
  view.finish();
  std::string text = out.str();
  EXPECT_EQ(text.find('\r'), std::string::npos);
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 5) << text;  // 0, 25, 50, 75, 100 %
  EXPECT_NE(text.find("upload a.mp4: 100%"), std::string::npos);
}

TEST(ProgressView, PlainJobLinesOnChangeNotOnEveryEvent) {
  std::ostringstream out;
  ProgressView view(out, ProgressView::Mode::Plain, 80);
  JobSnapshot s{"j1", "PROCESSING", "decode", 1, 32, 0};
  view.job(s);
  s.done = 2;
  view.job(s);  // same quarter: no new line
  s.stage = "faces";
  view.job(s);  // faces alternates with decode over the same frames: no new line
  s.done = 8;
  view.job(s);
  s.stage = "classify";
  s.done = 0;
  s.total = 1;
  view.job(s);
  s.status = "COMPLETED";
  view.job(s);
  EXPECT_EQ(out.str(),
            "job j1: PROCESSING, decoding frames 1/32\n"
            "job j1: PROCESSING, finding faces 8/32\n"
            "job j1: PROCESSING, scoring faces 0/1\n"
            "job j1: COMPLETED\n");
}

TEST(ProgressView, TerminalModeRedrawsOneLineInPlace) {
  std::ostringstream out;
  ProgressView view(out, ProgressView::Mode::Terminal, 100);
  view.upload({"a.mp4", 0, 100, 0.1});
  view.upload({"a.mp4", 100, 100, 0.2});
  view.finish();
  std::string text = out.str();
  EXPECT_EQ(text.rfind("\ra.mp4 [", 0), 0u) << text;
  EXPECT_NE(text.find("100%"), std::string::npos);
  EXPECT_NE(text.find("\x1b[K"), std::string::npos);
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 1);
}

TEST(ProgressView, TerminalLinesNeverWrap) {
  std::ostringstream out;
  ProgressView view(out, ProgressView::Mode::Terminal, 30);
  view.upload({std::string(100, 'x') + ".mp4", 5, 10, 1.0});
  std::string line = out.str();
  EXPECT_LE(line.size(), 1 + 29 + 3u);  // '\r', 29 columns, erase-line
}

TEST(ProgressView, OffModeWritesNothing) {
  std::ostringstream out;
  ProgressView view(out, ProgressView::Mode::Off, 80);
  view.upload({"a.mp4", 10, 10, 1.0});
  view.job({"j", "COMPLETED", "classify", 1, 1, 1});
  view.finish();
  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace deeptrace::cli
