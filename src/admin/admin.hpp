#pragma once
// deeptrace-admin: user/key management and housekeeping against the same
// store the API uses. The executable's main only calls run().
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>

#include "store/backend.hpp"

namespace deeptrace::admin {

// Parses the command line, runs the subcommand and returns the exit code:
// 0 done, 1 the store refused or failed, CLI11's codes for bad arguments.
// `users add` and `keys add` print only the new key so scripts can capture it.
int run(int argc, char** argv);

// The subcommands, each writing its result to `out` (JSON for all but the
// two that print a key) and throwing deeptrace::Error when refused.
void add_user(Backend& backend, const std::string& name, bool admin, std::ostream& out);
void list_users(Backend& backend, std::ostream& out);
void revoke_keys(Backend& backend, const std::string& name, std::ostream& out);
// A user's own quotas: an outer nullopt leaves one as it is, an inner nullopt
// ("default") clears it so the server's default applies again.
struct QuotaChanges {
  std::optional<std::optional<std::int64_t>> uploads_per_minute, concurrent_jobs, bytes_per_day;
};
void set_quotas(Backend& backend, const std::string& name, const QuotaChanges& changes, std::ostream& out);
void add_key(Backend& backend, const std::string& name, std::ostream& out);
// Old finished jobs and the media only they used; and upload temp files a
// killed API left behind.
void purge(Backend& backend, int older_than_days, int temp_max_age_s, std::ostream& out);
void print_stats(Backend& backend, std::ostream& out);

}  // namespace deeptrace::admin
