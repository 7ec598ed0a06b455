// deeptrace-admin: user/key management and housekeeping against the same
// store the API uses (the subcommands live in src/admin/).
#include "admin/admin.hpp"

int main(int argc, char** argv) { return deeptrace::admin::run(argc, argv); }
