// deeptrace webhooks list | add | rm | test | deliveries | enable | disable |
// rotate-secret: the caller's webhook endpoints (/api/v1/webhooks,
// docs/webhooks.md). The signing secret is shown when it is made (add,
// rotate-secret), alone on stdout like `keys add`'s.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <optional>
#include <sstream>
#include <thread>

#include "cli/cli_error.hpp"
#include "cli/commands.hpp"
#include "cli/server_url.hpp"
#include "cli/text_table.hpp"

namespace deeptrace::cli {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kPollInterval = std::chrono::milliseconds(250);
constexpr int kDeliveriesSearched = 200;  // the API's largest page: the test event is among the newest

std::string webhook_path(const std::string& id) { return "/api/v1/webhooks/" + percent_encode(id); }

std::string text_or_dash(const Json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end() || it->is_null()) return "-";
  if (it->is_string()) return it->get<std::string>().empty() ? "-" : it->get<std::string>();
  return it->dump();
}

std::string joined(const Json& items, const char* separator) {
  std::string text;
  for (const Json& item : items) {
    if (!text.empty()) text += separator;
    text += item.is_string() ? item.get<std::string>() : item.dump();
  }
  return text;
}

std::string state_cell(const Json& hook) {
  if (hook.value("enabled", false)) return "enabled";
  const Json& reason = hook["disabled_reason"];
  return reason.is_string() && !reason.get<std::string>().empty() ? "disabled (" + reason.get<std::string>() + ")"
                                                                   : "disabled";
}

std::string webhooks_table(const Json& hooks) {
  std::vector<std::vector<std::string>> rows = {{"ID", "STATE", "EVENTS", "URL", "DESCRIPTION"}};
  for (const Json& hook : hooks) {
    rows.push_back({hook.value("id", ""), state_cell(hook), joined(hook.value("events", Json::array()), ","),
                    hook.value("url", ""), text_or_dash(hook, "description")});
  }
  return text_table(rows);
}

std::string deliveries_table(const Json& deliveries) {
  std::vector<std::vector<std::string>> rows = {
      {"ID", "EVENT", "JOB", "STATE", "ATTEMPTS", "HTTP", "CREATED", "LAST ATTEMPT", "NEXT ATTEMPT", "ERROR"}};
  for (const Json& d : deliveries) {
    rows.push_back({d.value("id", ""), d.value("event", ""), text_or_dash(d, "job_id"), d.value("state", ""),
                    std::to_string(d.value("attempts", 0)), text_or_dash(d, "response_status"),
                    text_or_dash(d, "created_at"), text_or_dash(d, "last_attempt_at"),
                    text_or_dash(d, "next_attempt_at"), text_or_dash(d, "last_error")});
  }
  return text_table(rows);
}

// add and rotate-secret: the secret alone on stdout, so that
// `deeptrace webhooks add URL > hook.secret` keeps just it.
void print_secret(const Json& hook, bool json, const std::string& note, std::ostream& out) {
  if (json) {
    out << hook.dump(2) << "\n";
    return;
  }
  out << hook.value("secret", "") << "\n";
  std::cerr << "deeptrace: " << note << "; the secret above (the key to verify webhook-signature with) is shown "
            << "only this once\n";
}

std::string attempts_text(int attempts) {
  return std::to_string(attempts) + (attempts == 1 ? " attempt" : " attempts");
}

// A test delivery has an outcome once it left `pending` or was tried once.
bool settled(const Json& delivery) {
  return delivery.value("state", "pending") != "pending" || delivery.value("attempts", 0) >= 1;
}

std::optional<Json> find_delivery(const ApiClient& client, const std::string& hook_id, const std::string& delivery_id) {
  Json page = client.get(webhook_path(hook_id) + "/deliveries?limit=" + std::to_string(kDeliveriesSearched));
  for (const Json& d : page.value("deliveries", Json::array()))
    if (d.value("id", "") == delivery_id) return d;
  return std::nullopt;
}

std::string failure_text(const Json& delivery) {
  if (delivery["last_error"].is_string()) return delivery["last_error"].get<std::string>();
  if (delivery["response_status"].is_number()) return "HTTP " + delivery["response_status"].dump();
  return "no answer";
}

// One line on stdout and the exit code: 0 delivered, 1 not delivered (an
// attempt failed), 6 no attempt was made within --wait.
ExitCode report_test_outcome(const Json& d, const WebhookTestOptions& options, std::ostream& out) {
  const std::string state = d.value("state", "pending");
  const int attempts = d.value("attempts", 0);
  if (state == "succeeded") {
    if (!options.json)
      out << "delivered (HTTP " << text_or_dash(d, "response_status") << ") after " << attempts_text(attempts) << "\n";
    return ExitCode::Ok;
  }
  if (state == "pending" && attempts == 0) {
    if (!options.json)
      out << "pending: not attempted within " << options.wait_s << " s; see `deeptrace webhooks deliveries "
          << options.id << "`\n";
    return ExitCode::NotFinished;
  }
  if (!options.json) {
    out << "failed: " << failure_text(d);
    if (state == "pending" && d["next_attempt_at"].is_string()) {
      out << " (will retry at " << d["next_attempt_at"].get<std::string>() << ")";
    } else if (state == "pending") {
      out << " (its retry waits while another delivery to the endpoint is in flight)";
    } else {
      out << " after " << attempts_text(attempts) << "; no more retries";
    }
    out << "\n";
  }
  return ExitCode::JobFailed;
}

}  // namespace

ExitCode run_webhooks_list(const ApiClient& client, bool json, std::ostream& out) {
  Json page = client.get("/api/v1/webhooks");
  out << (json ? page["webhooks"].dump(2) + "\n" : webhooks_table(page["webhooks"]));
  return ExitCode::Ok;
}

ExitCode run_webhooks_add(const ApiClient& client, const WebhookOptions& options, std::ostream& out) {
  Json body = {{"url", options.url}};
  if (!options.events.empty()) body["events"] = options.events;
  if (options.description) body["description"] = *options.description;
  Json hook = client.post("/api/v1/webhooks", body);
  print_secret(hook, options.json,
               "webhook " + hook.value("id", "") + " created for " + joined(hook["events"], ", "), out);
  return ExitCode::Ok;
}

ExitCode run_webhooks_remove(const ApiClient& client, const std::vector<std::string>& ids, std::ostream& out) {
  ExitCode outcome = ExitCode::Ok;
  for (const std::string& id : ids) {
    try {
      client.remove(webhook_path(id));
      out << "Deleted webhook " << id << "\n";
    } catch (const CliError& e) {
      if (e.exit_code() != ExitCode::Rejected) throw;  // the server is unreachable: so for the rest too
      print_error("webhook " + id, e.code(), e.what());
      outcome = worse(outcome, e.exit_code());
    }
  }
  return outcome;
}

ExitCode run_webhooks_set_enabled(const ApiClient& client, const std::string& id, bool enabled, std::ostream& out) {
  client.patch(webhook_path(id), {{"enabled", enabled}});
  out << (enabled ? "Enabled" : "Disabled") << " webhook " << id << "\n";
  return ExitCode::Ok;
}

ExitCode run_webhooks_rotate_secret(const ApiClient& client, const std::string& id, bool stop_old_now, bool json,
                                    std::ostream& out) {
  Json body = Json::object();
  if (stop_old_now) body["keep_previous_secret_s"] = 0;
  Json hook = client.post(webhook_path(id) + "/rotate-secret", body);
  const Json& until = hook.contains("previous_secret_expires_at") ? hook["previous_secret_expires_at"] : Json();
  print_secret(hook, json,
               "webhook " + id + " has a new secret; " +
                   (until.is_string() ? "the old one keeps signing beside it until " + until.get<std::string>()
                                      : std::string("the old one no longer signs")),
               out);
  return ExitCode::Ok;
}

ExitCode run_webhooks_test(const ApiClient& client, const WebhookTestOptions& options, std::ostream& out) {
  Json delivery = client.post(webhook_path(options.id) + "/test");
  const std::string delivery_id = delivery.value("id", "");
  if (options.wait_s <= 0) {
    if (options.json) {
      out << delivery.dump(2) << "\n";
    } else {
      out << "queued test delivery " << delivery_id << "; see `deeptrace webhooks deliveries " << options.id << "`\n";
    }
    return ExitCode::Ok;
  }
  if (!options.quiet)
    std::cerr << "deeptrace: queued test delivery " << delivery_id << "; waiting up to " << options.wait_s
              << " s for its outcome\n";
  const auto deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.wait_s));
  while (!settled(delivery) && Clock::now() < deadline) {
    std::this_thread::sleep_for(std::min<Clock::duration>(kPollInterval, deadline - Clock::now()));
    if (auto latest = find_delivery(client, options.id, delivery_id)) delivery = *latest;
  }
  if (options.json) out << delivery.dump(2) << "\n";
  return report_test_outcome(delivery, options, out);
}

ExitCode run_webhooks_deliveries(const ApiClient& client, const std::string& id, std::optional<int> limit, bool json,
                                 std::ostream& out) {
  std::string path = webhook_path(id) + "/deliveries";
  if (limit) path += "?limit=" + std::to_string(*limit);
  Json page = client.get(path);
  out << (json ? page["deliveries"].dump(2) + "\n" : deliveries_table(page["deliveries"]));
  return ExitCode::Ok;
}

}  // namespace deeptrace::cli
