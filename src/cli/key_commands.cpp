// deeptrace keys list | add | rm: the caller's own API keys (/api/v1/keys).
#include <iostream>
#include <vector>

#include "cli/cli_error.hpp"
#include "cli/commands.hpp"
#include "cli/server_url.hpp"
#include "cli/text_table.hpp"

namespace deeptrace::cli {
namespace {

std::string time_or_dash(const Json& value) { return value.is_string() ? value.get<std::string>() : "-"; }

std::string keys_table(const Json& keys) {
  std::vector<std::vector<std::string>> rows = {{"ID", "NAME", "CREATED", "EXPIRES", "LAST USED"}};
  for (const Json& key : keys) {
    std::string name = key.value("name", "");
    if (key.value("current", false)) name += " (this key)";
    rows.push_back({key.value("id", ""), name.empty() ? "-" : name, key.value("created_at", ""),
                    time_or_dash(key["expires_at"]), time_or_dash(key["last_used_at"])});
  }
  return text_table(rows);
}

}  // namespace

ExitCode run_keys_list(const ApiClient& client, bool json, std::ostream& out) {
  Json page = client.get("/api/v1/keys");
  out << (json ? page["keys"].dump(2) + "\n" : keys_table(page["keys"]));
  return ExitCode::Ok;
}

ExitCode run_keys_add(const ApiClient& client, const KeyOptions& options, std::ostream& out) {
  Json body = {{"name", options.name}};
  if (!options.expires.empty()) body["expires_at"] = options.expires;
  Json key = client.post("/api/v1/keys", body);
  if (options.json) {
    out << key.dump(2) << "\n";
  } else {
    // The secret alone on stdout, so `deeptrace keys add ci > ci.key` keeps just it.
    out << key.value("key", "") << "\n";
    std::cerr << "deeptrace: key " << key.value("id", "") << " (" << options.name << ") created"
              << (key["expires_at"].is_string() ? ", expires " + key["expires_at"].get<std::string>() : "")
              << "; the secret above is shown only this once\n";
  }
  return ExitCode::Ok;
}

ExitCode run_keys_revoke(const ApiClient& client, const std::string& key_id, std::ostream& out) {
  client.remove("/api/v1/keys/" + percent_encode(key_id));
  out << "Revoked key " << key_id << "\n";
  return ExitCode::Ok;
}

}  // namespace deeptrace::cli
