#pragma once
// The flags more than one executable accepts (deeptrace-api, deeptrace-worker,
// deeptrace-admin), declared once here so each has one spelling, one default
// and one DEEPTRACE_* environment variable everywhere. Each executable picks
// the ones it needs; its own flags stay in its config.
//
// Also the rule for renamed environment variables: the old name keeps
// working, the new one wins, and the executable logs one deprecation warning
// at start-up (the parse only records it: logging is set up after parsing).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/log.hpp"

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace deeptrace::flags {

// One default per shared flag. Relative paths resolve against the working
// directory, which for a source checkout is the repository root.
inline constexpr const char* kDefaultStateDir = "./var";
inline constexpr const char* kDefaultModelsDir = "build/models";
inline constexpr const char* kDefaultLogLevel = "info";
inline constexpr int kDefaultTempMaxAgeS = 3600;

// Where the stores live: --state (DEEPTRACE_STATE), --store (DEEPTRACE_STORE;
// empty: SQLite in the state directory).
void add_store_flags(CLI::App& app, std::filesystem::path& state_dir, std::string& store_url);

// --models (DEEPTRACE_MODELS_DIR): models.json, the ensemble file, weights.
void add_models_flag(CLI::App& app, std::filesystem::path& models_dir);

// --log-level (DEEPTRACE_LOG_LEVEL): debug|info|warn|error, checked while
// parsing (an unknown name is a CLI::ValidationError).
void add_log_level_flag(CLI::App& app, log::Level& level);

// --max-pixels (DEEPTRACE_MAX_PIXELS): the API refuses larger pictures at
// upload, the worker before decoding them. Must be positive. Its one default
// is media::kDefaultMaxPixels, which both configs start from (core cannot
// include media), shown by --help as the value `max_pixels` holds on entry.
void add_max_pixels_flag(CLI::App& app, std::int64_t& max_pixels);

// --temp-max-age-s (DEEPTRACE_TEMP_MAX_AGE_S): upload temp files not written
// for this long are stale (swept by the API, and by `deeptrace-admin purge`).
CLI::Option* add_temp_max_age_flag(CLI::App& app, int& max_age_s);

// Content Credentials' trust list, for the worker and `deeptrace provenance`:
// --c2pa-trust-anchors (DEEPTRACE_C2PA_TRUST_ANCHORS), a PEM bundle of the
// roots a signer must chain to to count as trusted (default: none, so no
// signer is on a trusted list), and --c2pa-trust-config
// (DEEPTRACE_C2PA_TRUST_CONFIG), the allowed extended key usages, one OID per
// line (default: the SDK's). Both must be existing files.
void add_c2pa_trust_flags(CLI::App& app, std::filesystem::path& trust_anchors, std::filesystem::path& trust_config);

// A DEEPTRACE_* variable that was read under its old, deprecated name.
struct DeprecatedEnv {
  std::string old_name;
  std::string new_name;
  bool used = false;  // false: the new name was set too, and won
};

// After app.parse(): when `option` (whose envname is the new variable) got
// no value from the command line or the new variable, reads `old_env` into
// `value`. Returns the deprecation to log when `old_env` is set at all.
// Throws std::invalid_argument when the old variable is not an integer.
std::optional<DeprecatedEnv> read_deprecated_env(const CLI::Option& option, const std::string& old_env, int& value);

// Logs each deprecation once, as a structured warning naming the new name.
void log_deprecations(const std::vector<DeprecatedEnv>& deprecations);

}  // namespace deeptrace::flags
