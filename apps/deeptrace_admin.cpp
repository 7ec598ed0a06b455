// deeptrace-admin: user/key management and housekeeping against the same
// store the API uses. `users add` and `keys add` print only the new key so
// scripts can capture it.
#include <CLI/CLI.hpp>

#include <iostream>

#include "core/log.hpp"
#include "core/time.hpp"
#include "store/backend.hpp"
#include "store/temp_sweep.hpp"

namespace {

using namespace deeptrace;

struct Options {
  std::string state = "./var";
  std::string store;
  std::string name;
  bool admin = false;
  int older_than_days = 30;
  int temp_max_age_s = 3600;  // as deeptrace-api's default
};

int users_list(Backend& b) {
  for (const User& u : b.users->list_users()) {
    std::cout << nlohmann::json{{"id", u.id}, {"name", u.name}, {"admin", u.admin},
                                {"created_at", format_rfc3339(u.created_at)}}
                     .dump()
              << "\n";
  }
  return 0;
}

// Old finished jobs and the media only they used; and upload temp files a
// killed API left behind. This process owns no upload, so the age alone
// protects the live uploads of an API running on the same state directory.
int purge(Backend& b, int days, int temp_max_age_s) {
  TimeMs cutoff = now_ms() - static_cast<TimeMs>(days) * 24 * 3600 * 1000;
  std::vector<std::string> orphaned = b.jobs->purge_finished_before(cutoff);
  for (const std::string& sha : orphaned) b.media->remove(sha);
  TempSweepResult temps = sweep_stale_upload_temps(b.media->temp_dir(), std::chrono::seconds(temp_max_age_s));
  std::cout << nlohmann::json{{"media_removed", orphaned.size()},
                              {"cutoff", format_rfc3339(cutoff)},
                              {"temp_files_removed", temps.removed},
                              {"temp_bytes_removed", temps.bytes}}
                   .dump()
            << "\n";
  return 0;
}

int stats(Backend& b) {
  QueueStats s = b.jobs->stats();
  nlohmann::json by_status = nlohmann::json::object();
  for (JobStatus st : all_statuses()) by_status[std::string(status_name(st))] = s.by_status[st];
  nlohmann::json out = {{"jobs", by_status}, {"stuck", s.stuck},
                        {"oldest_pending_created_at", s.oldest_pending_created_at
                                                          ? nlohmann::json(format_rfc3339(*s.oldest_pending_created_at))
                                                          : nlohmann::json(nullptr)}};
  std::cout << out.dump() << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"DeepTrace administration"};
  app.require_subcommand(1);
  Options o;
  app.add_option("--state", o.state, "state directory")->envname("DEEPTRACE_STATE")->capture_default_str();
  app.add_option("--store", o.store, "store URL; empty: SQLite in the state directory")->envname("DEEPTRACE_STORE");

  auto* users = app.add_subcommand("users", "manage users");
  users->require_subcommand(1);
  auto* users_add = users->add_subcommand("add", "create a user; prints its API key");
  users_add->add_option("name", o.name)->required();
  users_add->add_flag("--admin", o.admin, "grant admin rights");
  auto* users_list_cmd = users->add_subcommand("list", "list users (JSON lines)");
  auto* users_revoke = users->add_subcommand("revoke", "revoke every key of a user");
  users_revoke->add_option("name", o.name)->required();
  auto* keys = app.add_subcommand("keys", "manage API keys");
  keys->require_subcommand(1);
  auto* keys_add = keys->add_subcommand("add", "issue another key for a user; prints it");
  keys_add->add_option("name", o.name)->required();
  auto* purge_cmd = app.add_subcommand(
      "purge", "delete old finished jobs, unreferenced media and stale upload temp files");
  purge_cmd->add_option("--older-than-days", o.older_than_days)->required()->check(CLI::NonNegativeNumber);
  purge_cmd->add_option("--temp-max-age-s", o.temp_max_age_s,
                        "remove upload temp files (tmp/upload-*.part) not written for this long")
      ->envname("DEEPTRACE_TEMP_MAX_AGE_S")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  auto* stats_cmd = app.add_subcommand("stats", "queue statistics (JSON)");
  CLI11_PARSE(app, argc, argv);

  log::set_component("admin");
  log::set_min_level(log::Level::Warn);
  try {
    Backend b = open_backend(o.store, o.state);
    if (users_add->parsed()) {
      std::cout << b.users->add_user(o.name, o.admin).key << "\n";
    } else if (users_list_cmd->parsed()) {
      return users_list(b);
    } else if (users_revoke->parsed()) {
      if (!b.users->find_user(o.name)) throw Error(ErrorCode::INVALID_REQUEST, "no user named " + o.name);
      std::cout << nlohmann::json{{"revoked_keys", b.users->revoke_keys(o.name)}}.dump() << "\n";
    } else if (keys_add->parsed()) {
      std::cout << b.users->add_key(o.name).key << "\n";
    } else if (purge_cmd->parsed()) {
      return purge(b, o.older_than_days, o.temp_max_age_s);
    } else if (stats_cmd->parsed()) {
      return stats(b);
    }
  } catch (const Error& e) {
    std::cerr << "deeptrace-admin: " << code_name(e.code()) << ": " << e.what() << "\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "deeptrace-admin: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
