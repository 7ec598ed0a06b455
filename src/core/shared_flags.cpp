#include "core/shared_flags.hpp"

#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdlib>
#include <map>
#include <stdexcept>

namespace deeptrace::flags {
namespace {

const std::map<std::string, log::Level>& log_levels() {
  static const std::map<std::string, log::Level> levels = {
      {"debug", log::Level::Debug}, {"info", log::Level::Info}, {"warn", log::Level::Warn}, {"error", log::Level::Error}};
  return levels;
}

int parse_int(const std::string& name, const std::string& text) {
  int value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) {
    throw std::invalid_argument(name + " must be an integer, not '" + text + "'");
  }
  return value;
}

// CLI11's PositiveNumber / NonNegativeNumber print their range as
// "0 to 1.797e308" in full; this one says what is wrong.
CLI::Validator at_least(std::int64_t min, const std::string& label) {
  return CLI::Validator(
      [min](std::string& text) -> std::string {
        std::int64_t value = 0;
        if (CLI::detail::lexical_cast(text, value) && value >= min) return {};
        return "must be an integer of at least " + std::to_string(min) + ", not " + text;
      },
      label);
}

// Turns a level name into the enum's number, which CLI11 stores in the
// log::Level; numbers themselves are not accepted.
CLI::Validator level_name() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        auto found = log_levels().find(text);
        if (found == log_levels().end()) return "must be debug, info, warn or error, not " + text;
        text = std::to_string(static_cast<int>(found->second));
        return {};
      },
      "{debug,info,warn,error}");
}

}  // namespace

void add_store_flags(CLI::App& app, std::filesystem::path& state_dir, std::string& store_url) {
  app.add_option("--state", state_dir, "state directory (SQLite database, media, upload temp files)")
      ->envname("DEEPTRACE_STATE")
      ->default_val(kDefaultStateDir);
  app.add_option("--store", store_url,
                 "store URL (sqlite:PATH or mongodb://...); empty: SQLite in the state directory")
      ->envname("DEEPTRACE_STORE");
}

void add_models_flag(CLI::App& app, std::filesystem::path& models_dir) {
  app.add_option("--models", models_dir, "directory with models.json, ensemble.json and the converted weights")
      ->envname("DEEPTRACE_MODELS_DIR")
      ->default_val(kDefaultModelsDir);
}

void add_log_level_flag(CLI::App& app, log::Level& level) {
  app.add_option("--log-level", level, "least severe log line written")
      ->envname("DEEPTRACE_LOG_LEVEL")
      ->transform(level_name())
      ->default_val(kDefaultLogLevel);
}

void add_max_pixels_flag(CLI::App& app, std::int64_t& max_pixels) {
  app.add_option("--max-pixels", max_pixels, "largest picture (width x height) of an image or video")
      ->envname("DEEPTRACE_MAX_PIXELS")
      ->capture_default_str()
      ->check(at_least(1, "POSITIVE"));
}

void add_c2pa_trust_flags(CLI::App& app, std::filesystem::path& trust_anchors, std::filesystem::path& trust_config) {
  app.add_option("--c2pa-trust-anchors", trust_anchors,
                 "PEM bundle of trusted C2PA signing roots (default: none; signers are then not on a trusted list)")
      ->envname("DEEPTRACE_C2PA_TRUST_ANCHORS")
      ->check(CLI::ExistingFile);
  app.add_option("--c2pa-trust-config", trust_config,
                 "allowed extended key usages of C2PA signing certificates, one OID per line (default: the SDK's)")
      ->envname("DEEPTRACE_C2PA_TRUST_CONFIG")
      ->check(CLI::ExistingFile);
}

CLI::Option* add_temp_max_age_flag(CLI::App& app, int& max_age_s) {
  return app
      .add_option("--temp-max-age-s", max_age_s,
                  "upload temp files (tmp/upload-*.part) not written for this long are removed")
      ->envname("DEEPTRACE_TEMP_MAX_AGE_S")
      ->default_val(kDefaultTempMaxAgeS)
      ->check(at_least(0, "NONNEGATIVE"));
}

std::optional<DeprecatedEnv> read_deprecated_env(const CLI::Option& option, const std::string& old_env, int& value) {
  const char* old_value = std::getenv(old_env.c_str());
  if (old_value == nullptr) return std::nullopt;
  DeprecatedEnv deprecation{old_env, option.get_envname(), option.count() == 0};
  if (deprecation.used) value = parse_int(old_env, old_value);
  return deprecation;
}

void log_deprecations(const std::vector<DeprecatedEnv>& deprecations) {
  for (const DeprecatedEnv& d : deprecations) {
    log::warn("deprecated environment variable",
              {{"variable", d.old_name}, {"use_instead", d.new_name}, {"applied", d.used},
               {"detail", d.used ? d.old_name + " still works for now; rename it to " + d.new_name
                                 : d.new_name + " is set too and wins; remove " + d.old_name}});
  }
}

}  // namespace deeptrace::flags
