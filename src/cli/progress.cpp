#include "cli/progress.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "core/job.hpp"

namespace deeptrace::cli {
namespace {

std::string printf_string(const char* format, double a) {
  std::array<char, 64> buf{};
  std::snprintf(buf.data(), buf.size(), format, a);
  return buf.data();
}

}  // namespace

std::string format_bytes(std::int64_t bytes) {
  static constexpr std::array<const char*, 4> kUnits = {"KiB", "MiB", "GiB", "TiB"};
  if (bytes < 1024) return std::to_string(bytes) + " B";
  double value = static_cast<double>(bytes);
  size_t unit = 0;
  for (value /= 1024; value >= 1024 && unit + 1 < kUnits.size(); ++unit) value /= 1024;
  return printf_string("%.1f ", value) + kUnits[unit];
}

std::string format_rate(std::int64_t bytes, double seconds) {
  if (seconds <= 0 || bytes <= 0) return "-";
  return format_bytes(static_cast<std::int64_t>(std::llround(bytes / seconds))) + "/s";
}

std::string format_duration(double seconds) {
  auto total = static_cast<long>(std::max(0.0, seconds));
  long h = total / 3600, m = (total / 60) % 60, s = total % 60;
  std::array<char, 32> buf{};
  if (h > 0) {
    std::snprintf(buf.data(), buf.size(), "%ld:%02ld:%02ld", h, m, s);
  } else {
    std::snprintf(buf.data(), buf.size(), "%02ld:%02ld", m, s);
  }
  return buf.data();
}

std::string render_bar(double fraction, int width) {
  fraction = std::clamp(std::isfinite(fraction) ? fraction : 0.0, 0.0, 1.0);
  int filled = static_cast<int>(std::floor(fraction * width));
  std::string bar(static_cast<size_t>(width) + 2, '-');
  bar.front() = '[';
  bar.back() = ']';
  bar.replace(1, static_cast<size_t>(filled), static_cast<size_t>(filled), '#');
  return bar;
}

std::string fraction_text(int done, int total) { return std::to_string(done) + '/' + std::to_string(total); }

int percent(std::int64_t done, std::int64_t total) {
  if (total <= 0) return 100;
  return static_cast<int>(std::clamp<std::int64_t>(done * 100 / total, 0, 100));
}

std::string upload_bar_line(const UploadSnapshot& s, int bar_width) {
  double fraction = s.total > 0 ? static_cast<double>(s.sent) / static_cast<double>(s.total) : 1.0;
  std::string pct = std::to_string(percent(s.sent, s.total)) + "%";
  return s.name + " " + render_bar(fraction, bar_width) + " " + std::string(4 - std::min<size_t>(4, pct.size()), ' ') +
         pct + "  " + format_bytes(s.sent) + " / " + format_bytes(s.total) + "  " + format_rate(s.sent, s.seconds);
}

std::string upload_plain_line(const UploadSnapshot& s) {
  return "upload " + s.name + ": " + std::to_string(percent(s.sent, s.total)) + "% (" + format_bytes(s.sent) +
         " of " + format_bytes(s.total) + ", " + format_rate(s.sent, s.seconds) + ")";
}

JobSnapshot job_snapshot(const nlohmann::json& job, double seconds) {
  JobSnapshot s;
  s.job_id = job.value("job_id", "");
  s.status = job.value("status", "");
  if (const auto& p = job.value("progress", nlohmann::json::object()); p.is_object()) {
    s.stage = p.value("stage", "");
    s.done = p.value("done", 0);
    s.total = p.value("total", 0);
  }
  s.seconds = seconds;
  return s;
}

// No default: a new Stage fails the build (-Wswitch) until it has words.
std::string stage_words(const std::string& stage) {
  auto parsed = parse_stage(stage);
  if (!parsed) return stage;  // a newer server's stage: its name is the best we have
  switch (*parsed) {
    case Stage::Queued: return "waiting for a worker";
    case Stage::Starting: return "starting";
    case Stage::Decode: return "decoding frames";
    case Stage::Faces: return "finding faces";
    case Stage::Classify: return "scoring faces";
    case Stage::Done: return "finished";
  }
  return stage;
}

bool is_terminal_status(const std::string& status) {
  std::optional<JobStatus> parsed = parse_status(status);
  return parsed && is_terminal(*parsed);
}

std::string job_bar_line(const JobSnapshot& s, int bar_width) {
  if (is_terminal_status(s.status)) return s.status + "  " + format_duration(s.seconds);
  std::string line = s.status + "  " + stage_words(s.stage);
  if (s.total > 0) {
    line += "  " + render_bar(static_cast<double>(s.done) / s.total, bar_width) + "  " + fraction_text(s.done, s.total);
  }
  return line + "  " + format_duration(s.seconds);
}

std::string job_plain_line(const JobSnapshot& s) {
  std::string line = "job " + s.job_id + ": " + s.status;
  if (is_terminal_status(s.status)) return line;
  if (!s.stage.empty()) line += ", " + stage_words(s.stage);
  if (s.total > 0) line += ' ' + fraction_text(s.done, s.total);
  return line;
}

}  // namespace deeptrace::cli
