// deeptrace: the command-line client (submit, status, list, cancel, report).
#include "cli/app.hpp"

int main(int argc, char** argv) { return deeptrace::cli::run(argc, argv); }
