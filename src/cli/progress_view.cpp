#include "cli/progress_view.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>

namespace deeptrace::cli {
namespace {

constexpr int kDefaultColumns = 80;
constexpr int kPlainStepPercent = 25;  // plain upload lines at 0, 25, ... 100 %
constexpr auto kRedrawInterval = std::chrono::milliseconds(100);

int terminal_columns(int fd) {
  winsize size{};
  if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  return kDefaultColumns;
}

}  // namespace

ProgressView::ProgressView(std::ostream& out, Mode mode, int columns)
    : out_(out), mode_(mode), columns_(std::max(20, columns)) {}

ProgressView ProgressView::for_stderr(bool quiet) {
  if (quiet) return ProgressView(std::cerr, Mode::Off, kDefaultColumns);
  bool tty = isatty(STDERR_FILENO) == 1;
  return ProgressView(std::cerr, tty ? Mode::Terminal : Mode::Plain, tty ? terminal_columns(STDERR_FILENO) : kDefaultColumns);
}

int ProgressView::bar_width() const { return std::clamp(columns_ - 60, 10, 40); }

void ProgressView::upload(const UploadSnapshot& s) {
  std::lock_guard lock(*mutex_);
  if (mode_ == Mode::Terminal) {
    bool last = s.sent >= s.total;
    auto now = std::chrono::steady_clock::now();
    if (!last && line_open_ && now - last_redraw_ < kRedrawInterval) return;
    last_redraw_ = now;
    redraw(upload_bar_line(s, bar_width()));
  } else if (mode_ == Mode::Plain) {
    int step = percent(s.sent, s.total) / kPlainStepPercent;
    if (step == last_upload_step_) return;
    last_upload_step_ = step;
    print(upload_plain_line(s));
  }
}

void ProgressView::job(const JobSnapshot& s) {
  std::lock_guard lock(*mutex_);
  if (mode_ == Mode::Terminal) {
    last_job_ = s;
    last_job_at_ = std::chrono::steady_clock::now();
    last_job_second_ = static_cast<long>(s.seconds);
    redraw(job_bar_line(s, bar_width()));
  } else if (mode_ == Mode::Plain) {
    // One line per status change and per quarter of a stage's count. The
    // decode and faces stages alternate frame by frame over the same count,
    // so the key is the count, not the stage name.
    std::string key = s.status + "/" + std::to_string(s.total) + "/" +
                      std::to_string(percent(s.done, s.total) / kPlainStepPercent);
    if (key == last_job_key_) return;
    last_job_key_ = key;
    print(job_plain_line(s));
  }
}

void ProgressView::tick() {
  std::lock_guard lock(*mutex_);
  if (mode_ != Mode::Terminal || !last_job_ || is_terminal_status(last_job_->status)) return;
  JobSnapshot moved_on = *last_job_;
  moved_on.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - last_job_at_).count();
  auto second = static_cast<long>(moved_on.seconds);
  if (second == last_job_second_) return;
  last_job_second_ = second;
  redraw(job_bar_line(moved_on, bar_width()));
}

void ProgressView::finish() {
  std::lock_guard lock(*mutex_);
  last_job_.reset();
  if (line_open_) out_ << "\n" << std::flush;
  line_open_ = false;
  last_upload_step_ = -1;
  last_job_key_.clear();
}

void ProgressView::redraw(const std::string& line) {
  std::string shown = line.substr(0, static_cast<size_t>(columns_ - 1));
  // Carriage return, the line, then "erase to end of line" for a shorter redraw.
  out_ << '\r' << shown << "\x1b[K" << std::flush;
  line_open_ = true;
}

void ProgressView::print(const std::string& line) { out_ << line << "\n" << std::flush; }

}  // namespace deeptrace::cli
