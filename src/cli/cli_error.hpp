#pragma once
// Failures the CLI reports and turns into an exit code. The server's stable
// error code (src/core/errors.hpp) travels with a rejection so the user and
// scripts can match on it.
#include <stdexcept>
#include <string>

#include "cli/exit_codes.hpp"

namespace deeptrace::cli {

class CliError : public std::runtime_error {
 public:
  CliError(ExitCode exit, std::string code, const std::string& message)
      : std::runtime_error(message), exit_(exit), code_(std::move(code)) {}
  ExitCode exit_code() const noexcept { return exit_; }
  // The server's error code (e.g. UNAUTHORIZED), or empty for local errors.
  const std::string& code() const noexcept { return code_; }

 private:
  ExitCode exit_;
  std::string code_;
};

// A request the server answered with an error document.
inline CliError rejected(std::string code, const std::string& message) {
  return CliError(ExitCode::Rejected, std::move(code), message);
}

inline CliError usage_error(const std::string& message) { return CliError(ExitCode::Usage, "", message); }

inline CliError network_error(const std::string& message) { return CliError(ExitCode::Network, "", message); }

}  // namespace deeptrace::cli
