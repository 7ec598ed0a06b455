#pragma once
// Draws progress on stderr: a bar redrawn in place on a terminal, or a few
// plain lines (no carriage returns, no escape codes) when output is a file
// or a pipe, so logs stay readable.
#include <chrono>
#include <iosfwd>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "cli/progress.hpp"

namespace deeptrace::cli {

class ProgressView {
 public:
  enum class Mode { Terminal, Plain, Off };

  ProgressView(std::ostream& out, Mode mode, int columns);
  // Terminal when stderr is a TTY (its width from the TTY), else Plain.
  static ProgressView for_stderr(bool quiet);

  // Each call may come from another thread than the others (submit --wait
  // follows on a thread of its own while the first thread calls tick()).
  void upload(const UploadSnapshot& s);
  void job(const JobSnapshot& s);
  // On a terminal, redraws the last job line with its clock moved on, once
  // a second: the clock ticks between the server's progress events.
  void tick();
  // Ends the line a terminal bar was drawn on.
  void finish();
  Mode mode() const { return mode_; }

 private:
  void redraw(const std::string& line);
  void print(const std::string& line);
  int bar_width() const;

  std::ostream& out_;
  Mode mode_;
  int columns_;
  bool line_open_ = false;
  int last_upload_step_ = -1;
  std::string last_job_key_;
  std::chrono::steady_clock::time_point last_redraw_{};
  std::optional<JobSnapshot> last_job_;  // the job line on screen, for tick()
  std::chrono::steady_clock::time_point last_job_at_{};
  long last_job_second_ = -1;
  std::shared_ptr<std::mutex> mutex_ = std::make_shared<std::mutex>();  // shared: the view is movable
};

}  // namespace deeptrace::cli
