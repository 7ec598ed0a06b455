// deeptrace-admin's command line: the shared store flags, one subcommand per
// task, each bound to a function in commands.cpp.
#include <CLI/CLI.hpp>

#include <functional>
#include <iostream>

#include "admin/admin.hpp"
#include "core/errors.hpp"
#include "core/log.hpp"
#include "core/shared_flags.hpp"

namespace deeptrace::admin {
namespace {

struct Options {
  std::filesystem::path state_dir;
  std::string store_url;
  log::Level log_level = log::Level::Info;
  std::string name;
  bool admin = false;
  int older_than_days = 30;
  int temp_max_age_s = flags::kDefaultTempMaxAgeS;
  QuotaChanges quotas;
};

// --uploads-per-minute 30 | default: a whole number >= 0 (0: no limit), or
// "default" to fall back to the server's.
void add_quota_option(CLI::App& cmd, const std::string& flag, std::optional<std::optional<std::int64_t>>& target,
                      const std::string& what) {
  cmd.add_option_function<std::string>(
         flag,
         [&target, flag](const std::string& value) {
           if (value == "default") {
             target = std::optional<std::int64_t>{};
             return;
           }
           std::int64_t n = -1;
           if (!CLI::detail::lexical_cast(value, n) || n < 0)
             throw CLI::ValidationError(flag, "a whole number >= 0 or 'default', not '" + value + "'");
           target = std::optional<std::int64_t>{n};
         },
         what + " (0: no limit; 'default': the server's)")
      ->type_name("N|default");
}

using Command = std::function<void(Backend&)>;

// Registers the subcommands; the one parsed sets `command`.
void add_subcommands(CLI::App& app, Options& o, Command& command) {
  auto* users = app.add_subcommand("users", "manage users");
  users->require_subcommand(1);
  auto* users_add = users->add_subcommand("add", "create a user; prints its API key");
  users_add->add_option("name", o.name)->required();
  users_add->add_flag("--admin", o.admin, "grant admin rights");
  users_add->callback([&] { command = [&o](Backend& b) { add_user(b, o.name, o.admin, std::cout); }; });
  users->add_subcommand("list", "list users (JSON lines)")
      ->callback([&] { command = [](Backend& b) { list_users(b, std::cout); }; });
  auto* users_revoke = users->add_subcommand("revoke", "revoke every key of a user");
  users_revoke->add_option("name", o.name)->required();
  users_revoke->callback([&] { command = [&o](Backend& b) { revoke_keys(b, o.name, std::cout); }; });

  auto* users_quota = users->add_subcommand("quota", "set a user's own quotas; prints them (JSON)");
  users_quota->add_option("name", o.name)->required();
  add_quota_option(*users_quota, "--uploads-per-minute", o.quotas.uploads_per_minute, "uploads a minute");
  add_quota_option(*users_quota, "--concurrent-jobs", o.quotas.concurrent_jobs, "jobs queued or running at once");
  add_quota_option(*users_quota, "--bytes-per-day", o.quotas.bytes_per_day, "bytes uploaded in any 24 h");
  users_quota->callback([&] { command = [&o](Backend& b) { set_quotas(b, o.name, o.quotas, std::cout); }; });

  auto* keys = app.add_subcommand("keys", "manage API keys");
  keys->require_subcommand(1);
  auto* keys_add = keys->add_subcommand("add", "issue another key for a user; prints it");
  keys_add->add_option("name", o.name)->required();
  keys_add->callback([&] { command = [&o](Backend& b) { add_key(b, o.name, std::cout); }; });

  auto* purge_cmd = app.add_subcommand(
      "purge", "delete old finished jobs, unreferenced media and stale upload temp files");
  purge_cmd->add_option("--older-than-days", o.older_than_days)->required()->check(CLI::NonNegativeNumber);
  flags::add_temp_max_age_flag(*purge_cmd, o.temp_max_age_s);
  purge_cmd->callback(
      [&] { command = [&o](Backend& b) { purge(b, o.older_than_days, o.temp_max_age_s, std::cout); }; });

  app.add_subcommand("stats", "queue statistics (JSON)")
      ->callback([&] { command = [](Backend& b) { print_stats(b, std::cout); }; });
}

int run_command(const Options& o, const Command& command) {
  log::set_component("admin");
  log::set_min_level(o.log_level);
  try {
    Backend backend = open_backend(o.store_url, o.state_dir);
    command(backend);
    return 0;
  } catch (const Error& e) {
    std::cerr << "deeptrace-admin: " << code_name(e.code()) << ": " << e.what() << "\n";
  } catch (const std::exception& e) {
    std::cerr << "deeptrace-admin: " << e.what() << "\n";
  }
  return 1;
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"DeepTrace administration"};
  app.require_subcommand(1);
  Options o;
  flags::add_store_flags(app, o.state_dir, o.store_url);
  flags::add_log_level_flag(app, o.log_level);
  Command command;
  add_subcommands(app, o, command);
  CLI11_PARSE(app, argc, argv);
  return run_command(o, command);
}

}  // namespace deeptrace::admin
