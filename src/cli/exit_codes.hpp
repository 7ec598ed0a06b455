#pragma once
// The `deeptrace` exit codes: a stable public contract for scripts (listed in
// `deeptrace --help` and README.md). Never renumber one; add new ones.
#include <string_view>

namespace deeptrace::cli {

enum class ExitCode : int {
  Ok = 0,           // every job COMPLETED (or the command succeeded)
  JobFailed = 1,    // a job ended FAILED; its error code is printed
  Usage = 2,        // bad command line, missing key, unreadable file
  Rejected = 3,     // the server refused a request; its error code is printed
  Cancelled = 4,    // a job ended CANCELLED
  Network = 5,      // the server could not be reached or the connection broke
  NotFinished = 6,  // `report` of a job that has not finished yet; `verify` before its batch is mined
  Internal = 7,     // an unexpected error inside the CLI
  Invalid = 8,      // `verify`: the report does not match its anchor on chain
  Interrupted = 130,  // Ctrl-C (SIGINT) or SIGTERM while `submit --wait` followed its jobs (128 + 2, as shells say)
};

constexpr int to_int(ExitCode code) { return static_cast<int>(code); }

// For --help: one line per code.
constexpr std::string_view kExitCodeHelp =
    "Exit codes: 0 every job COMPLETED / success, 1 a job FAILED, 2 usage error, "
    "3 the server rejected a request (error code printed), 4 a job was CANCELLED, "
    "5 network error (server unreachable), 6 report of an unfinished job (or verify before its batch is mined), 7 unexpected internal error, "
    "8 verify found the report altered (not in its anchored batch), "
    "130 interrupted while following jobs (they keep running unless --cancel-on-interrupt). "
    "With several files, the largest code wins.";

}  // namespace deeptrace::cli
