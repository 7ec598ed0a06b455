#pragma once
// The `deeptrace` command line: CLI11 subcommands over the API client.

namespace deeptrace::cli {

// Parses argv once, runs the chosen subcommand, returns the process exit
// code (see exit_codes.hpp).
int run(int argc, char** argv);

}  // namespace deeptrace::cli
