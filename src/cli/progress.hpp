#pragma once
// Pure rendering of progress: byte counts, rates, bars and the one-line
// texts the progress view draws. No I/O, so the wording is unit-tested.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace deeptrace::cli {

// "512 B", "1.5 KiB", "12.0 MiB", "3.2 GiB".
std::string format_bytes(std::int64_t bytes);
// "3.4 MiB/s"; "-" when nothing can be measured yet.
std::string format_rate(std::int64_t bytes, double seconds);
// "01:05" / "1:02:03".
std::string format_duration(double seconds);
// "[#####-----]" with `width` cells between the brackets.
std::string render_bar(double fraction, int width);
// "8/32".
std::string fraction_text(int done, int total);
// Whole percent, clamped to 0..100; a zero total counts as done.
int percent(std::int64_t done, std::int64_t total);

struct UploadSnapshot {
  std::string name;
  std::int64_t sent = 0;
  std::int64_t total = 0;
  double seconds = 0;
};

// Terminal line: "clip.mp4 [####------]  42%  1.2 MiB / 2.9 MiB  3.4 MiB/s".
std::string upload_bar_line(const UploadSnapshot& s, int bar_width);
// Log line: "upload clip.mp4: 42% (1.2 MiB of 2.9 MiB, 3.4 MiB/s)".
std::string upload_plain_line(const UploadSnapshot& s);

struct JobSnapshot {
  std::string job_id;
  std::string status;  // PENDING, PROCESSING, ...
  std::string stage;   // queued, decode, faces, classify
  int done = 0;
  int total = 0;
  double seconds = 0;  // since the CLI started following
};

// COMPLETED, FAILED or CANCELLED.
bool is_terminal_status(const std::string& status);

JobSnapshot job_snapshot(const nlohmann::json& job, double seconds);
// Words for a stage: "decoding frames", "finding faces", ...
std::string stage_words(const std::string& stage);
// Terminal line: "PROCESSING  finding faces  [###---]  12/32  00:07".
std::string job_bar_line(const JobSnapshot& s, int bar_width);
// Log line: "job 01HX: PROCESSING, finding faces 12/32".
std::string job_plain_line(const JobSnapshot& s);

}  // namespace deeptrace::cli
