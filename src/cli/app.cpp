#include "cli/app.hpp"

#include <CLI/CLI.hpp>

#include <cctype>
#include <functional>
#include <iostream>

#include "cli/cli_error.hpp"
#include "cli/commands.hpp"
#include "cli/interrupt.hpp"
#include "core/job.hpp"
#include "core/shared_flags.hpp"

namespace deeptrace::cli {
namespace {

struct GlobalOptions {
  std::string url = "http://127.0.0.1:8080";
  std::string key;
  bool quiet = false;
  bool key_optional = false;  // verify can work from files and the chain alone
};

// The chosen subcommand, bound to its options by its CLI11 callback.
using Action = std::function<ExitCode(const ApiClient&)>;

void add_global_options(CLI::App& app, GlobalOptions& g) {
  app.add_option("--url", g.url, "DeepTrace server URL")->envname("DEEPTRACE_URL")->capture_default_str();
  app.add_option("--key", g.key, "API key (deeptrace-admin users add NAME prints one)")->envname("DEEPTRACE_API_KEY");
  app.add_flag("-q,--quiet", g.quiet, "no progress output");
}

void add_submit(CLI::App& app, Action& action, const GlobalOptions& g) {
  auto options = std::make_shared<SubmitOptions>();
  auto* cmd = app.add_subcommand("submit", "upload videos and create analysis jobs");
  cmd->add_option("files", options->files, "video files to analyse")->required();
  cmd->add_option("--frames", options->frames, "frames to sample per video")->check(CLI::Range(1, JobOptions::kMaxFrames));
  cmd->add_flag("-w,--wait", options->wait, "follow each job to its end and print its report summary");
  cmd->add_flag("--json", options->json, "print each job as one line of JSON instead of a summary");
  cmd->add_flag("--cancel-on-interrupt", options->cancel_on_interrupt,
                "with --wait: Ctrl-C cancels the jobs that have not finished (without it they keep running)");
  cmd->callback([&action, options, &g] {
    action = [options, &g](const ApiClient& client) {
      ProgressView view = ProgressView::for_stderr(g.quiet);
      return run_submit(client, *options, view, std::cout);
    };
  });
}

// status, cancel and report share their shape: one job id and --json.
void add_job_command(CLI::App& app, Action& action, const char* name, const char* description,
                     ExitCode (*run_command)(const ApiClient&, const std::string&, bool, std::ostream&)) {
  auto id = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand(name, description);
  cmd->add_option("job_id", *id, "job id (as printed by submit and list)")->required();
  cmd->add_flag("--json", *json, "print the job document as JSON");
  cmd->callback([&action, id, json, run_command] {
    action = [id, json, run_command](const ApiClient& client) { return run_command(client, *id, *json, std::cout); };
  });
}

std::vector<std::string> status_names() {
  std::vector<std::string> names;
  for (JobStatus status : all_statuses()) names.emplace_back(status_name(status));
  return names;
}

void add_list(CLI::App& app, Action& action) {
  auto options = std::make_shared<ListOptions>();
  auto* cmd = app.add_subcommand("list", "list your jobs, newest first");
  cmd->add_option("--limit", options->limit, "jobs per page")->check(CLI::Range(1, 100))->capture_default_str();
  cmd->add_flag("--all", options->all, "follow every page, not just the first");
  cmd->add_flag("--json", options->json, "print the jobs as a JSON array");
  cmd->add_option("--search", options->search, "only jobs whose file name contains this (any case)");
  cmd->add_option("--status", options->status, "only jobs in this state")
      ->check(CLI::IsMember(status_names(), CLI::ignore_case));
  cmd->add_option("--verdict", options->verdict, "only reports with this verdict (likely_fake, likely_real, ...)");
  cmd->add_option("--since", options->since, "only jobs created at or after this date or RFC 3339 time");
  cmd->add_option("--until", options->until, "only jobs created before this date or RFC 3339 time");
  cmd->add_flag("--oldest-first", options->oldest_first, "oldest first instead of newest first");
  cmd->callback([&action, options] {
    // IsMember matched any case; the API takes the name as written.
    for (char& c : options->status) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    action = [options](const ApiClient& client) { return run_list(client, *options, std::cout); };
  });
}

void add_delete(CLI::App& app, Action& action) {
  auto ids = std::make_shared<std::vector<std::string>>();
  auto* cmd = app.add_subcommand("delete", "delete finished jobs with their uploads, reports and face crops, for good");
  cmd->alias("rm");
  cmd->add_option("job_ids", *ids, "job ids (as printed by submit and list)")->required();
  cmd->callback([&action, ids] {
    action = [ids](const ApiClient& client) { return run_delete(client, *ids, std::cout); };
  });
}

void add_keys(CLI::App& app, Action& action) {
  auto* keys = app.add_subcommand("keys", "your API keys: list, add (named, optionally expiring), rm");
  keys->require_subcommand(1);
  auto json = std::make_shared<bool>(false);
  auto* list = keys->add_subcommand("list", "list your keys (never their secrets), with their last use");
  list->add_flag("--json", *json, "print the keys as a JSON array");
  list->callback([&action, json] {
    action = [json](const ApiClient& client) { return run_keys_list(client, *json, std::cout); };
  });
  auto options = std::make_shared<KeyOptions>();
  auto* add = keys->add_subcommand("add", "create a key; prints its secret once (alone on stdout)");
  add->add_option("name", options->name, "what the key is for (1-64 printable characters)")->required();
  add->add_option("--expires", options->expires, "when it stops working: a date or an RFC 3339 time (default: never)");
  add->add_flag("--json", options->json, "print the key document, secret included, as JSON");
  add->callback([&action, options] {
    action = [options](const ApiClient& client) { return run_keys_add(client, *options, std::cout); };
  });
  auto id = std::make_shared<std::string>();
  auto* rm = keys->add_subcommand("rm", "revoke a key by its id (from `keys list`)");
  rm->add_option("key_id", *id, "the key's id")->required();
  rm->callback([&action, id] {
    action = [id](const ApiClient& client) { return run_keys_revoke(client, *id, std::cout); };
  });
}

void add_usage(CLI::App& app, Action& action) {
  auto json = std::make_shared<bool>(false);
  auto* cmd = app.add_subcommand("usage", "your quotas (uploads per minute, jobs at once, bytes a day) and their use");
  cmd->add_flag("--json", *json, "print the API's answer as JSON");
  cmd->callback([&action, json] {
    action = [json](const ApiClient& client) { return run_usage(client, *json, std::cout); };
  });
}

// One webhook id, for rm's siblings (enable, disable, rotate-secret, ...).
CLI::Option* add_webhook_id(CLI::App& cmd, std::string& id) {
  return cmd.add_option("webhook_id", id, "the endpoint's id (from `webhooks list`)")->required();
}

void add_webhooks(CLI::App& app, Action& action, const GlobalOptions& g) {
  auto* hooks = app.add_subcommand(
      "webhooks", "your webhook endpoints: list, add, rm, test, deliveries, enable, disable, rotate-secret");
  hooks->require_subcommand(1);

  auto list_json = std::make_shared<bool>(false);
  auto* list = hooks->add_subcommand("list", "list your endpoints (never their secrets): state, events, URL");
  list->add_flag("--json", *list_json, "print the endpoints as a JSON array");
  list->callback([&action, list_json] {
    action = [list_json](const ApiClient& client) { return run_webhooks_list(client, *list_json, std::cout); };
  });

  auto options = std::make_shared<WebhookOptions>();
  auto* add = hooks->add_subcommand("add", "register an endpoint; prints its signing secret once (alone on stdout)");
  add->add_option("url", options->url, "where to POST events (https to a public address)")->required();
  add->add_option("--event", options->events,
                  "an event to send: job.completed, job.failed or job.cancelled; repeat for several (default: all)");
  add->add_option("--description", options->description, "what the endpoint is for (at most 256 bytes)");
  add->add_flag("--json", options->json, "print the endpoint document, secret included, as JSON");
  add->callback([&action, options] {
    action = [options](const ApiClient& client) { return run_webhooks_add(client, *options, std::cout); };
  });

  auto ids = std::make_shared<std::vector<std::string>>();
  auto* rm = hooks->add_subcommand("rm", "delete endpoints by their ids, with their delivery logs");
  rm->add_option("webhook_ids", *ids, "the endpoints' ids (from `webhooks list`)")->required();
  rm->callback([&action, ids] {
    action = [ids](const ApiClient& client) { return run_webhooks_remove(client, *ids, std::cout); };
  });

  auto test = std::make_shared<WebhookTestOptions>();
  auto* test_cmd = hooks->add_subcommand(
      "test", "send a webhook.test event and wait for its outcome (exit 0 delivered, 1 failed, 6 not yet attempted)");
  add_webhook_id(*test_cmd, test->id);
  test_cmd->add_option("--wait", test->wait_s, "seconds to wait for the first attempt's outcome (0: just queue it)")
      ->check(CLI::Range(0.0, 3600.0))
      ->capture_default_str();
  test_cmd->add_flag("--json", test->json, "print the delivery as JSON");
  test_cmd->callback([&action, test, &g] {
    action = [test, &g](const ApiClient& client) {
      test->quiet = g.quiet;
      return run_webhooks_test(client, *test, std::cout);
    };
  });

  auto log_id = std::make_shared<std::string>();
  auto log_limit = std::make_shared<std::optional<int>>();
  auto log_json = std::make_shared<bool>(false);
  auto* log = hooks->add_subcommand("deliveries", "an endpoint's delivery log, newest first");
  add_webhook_id(*log, *log_id);
  log->add_option("--limit", *log_limit, "deliveries to show (1-200; default 50)")->check(CLI::Range(1, 200));
  log->add_flag("--json", *log_json, "print the deliveries as a JSON array");
  log->callback([&action, log_id, log_limit, log_json] {
    action = [log_id, log_limit, log_json](const ApiClient& client) {
      return run_webhooks_deliveries(client, *log_id, *log_limit, *log_json, std::cout);
    };
  });

  for (bool enabled : {true, false}) {
    auto id = std::make_shared<std::string>();
    auto* cmd = hooks->add_subcommand(enabled ? "enable" : "disable",
                                      enabled ? "enable an endpoint again (after it was disabled, by you or for failing)"
                                              : "stop sending events to an endpoint (its pending deliveries wait until it is enabled)");
    add_webhook_id(*cmd, *id);
    cmd->callback([&action, id, enabled] {
      action = [id, enabled](const ApiClient& client) {
        return run_webhooks_set_enabled(client, *id, enabled, std::cout);
      };
    });
  }

  auto rotate_id = std::make_shared<std::string>();
  auto rotate_json = std::make_shared<bool>(false);
  auto rotate_now = std::make_shared<bool>(false);
  auto* rotate = hooks->add_subcommand(
      "rotate-secret",
      "replace an endpoint's signing secret (the old one keeps signing beside it for a day); prints the new one once");
  add_webhook_id(*rotate, *rotate_id);
  rotate->add_flag("--now", *rotate_now, "stop the old secret at once (it leaked); deliveries fail until the "
                                         "receiver has the new one");
  rotate->add_flag("--json", *rotate_json, "print the endpoint document, new secret included, as JSON");
  rotate->callback([&action, rotate_id, rotate_json, rotate_now] {
    action = [rotate_id, rotate_json, rotate_now](const ApiClient& client) {
      return run_webhooks_rotate_secret(client, *rotate_id, *rotate_now, *rotate_json, std::cout);
    };
  });
}

void add_verify(CLI::App& app, Action& action, GlobalOptions& g) {
  auto options = std::make_shared<VerifyOptions>();
  auto* cmd = app.add_subcommand("verify", "check on chain that a saved report was not altered since it was anchored");
  cmd->add_option("report", options->report_file, "job JSON saved with `deeptrace report JOB_ID --json`")->required();
  cmd->add_option("--rpc-url", options->rpc_url, "chain JSON-RPC URL (http or https)")
      ->envname("DEEPTRACE_CHAIN_RPC_URL")->required();
  cmd->add_option("--anchor", options->anchor_file, "anchor JSON (GET /api/v1/jobs/{id}/anchor); else read from the server");
  cmd->add_flag("--json", options->json, "print the outcome as JSON");
  cmd->callback([&action, options, &g] {
    g.key_optional = true;
    action = [options, &g](const ApiClient& client) {
      return run_verify(*options, g.key.empty() ? nullptr : &client, std::cout);
    };
  });
}

void add_provenance(CLI::App& app, Action& action, GlobalOptions& g) {
  auto options = std::make_shared<ProvenanceOptions>();
  auto* cmd = app.add_subcommand("provenance", "read and validate a file's Content Credentials (C2PA), offline");
  cmd->add_option("files", options->files, "media files")->required();
  flags::add_c2pa_trust_flags(*cmd, options->trust_anchors, options->trust_config);
  cmd->add_flag("--json", options->json, "print each file's provenance as one line of JSON (the report's provenance section)");
  cmd->callback([&action, options, &g] {
    g.key_optional = true;
    action = [options](const ApiClient&) { return run_provenance(*options, std::cout); };
  });
}

// Subcommand help does not list the parent's options; say where they are.
void add_global_footers(CLI::App& app) {
  for (CLI::App* cmd : app.get_subcommands([](CLI::App*) { return true; })) {
    cmd->footer("Also: --url URL (env DEEPTRACE_URL), --key KEY (env DEEPTRACE_API_KEY), -q/--quiet; "
                "see `deeptrace --help` for exit codes.");
    add_global_footers(*cmd);  // `keys add` and the like
  }
}

ExitCode execute(const GlobalOptions& g, const Action& action) {
  if (g.key.empty() && !g.key_optional) {
    throw usage_error("no API key: pass --key KEY or set DEEPTRACE_API_KEY (deeptrace-admin users add NAME prints one)");
  }
  ApiClient client(parse_server_url(g.url), g.key);
  return action(client);
}

}  // namespace

int run(int argc, char** argv) {
  CLI::App app{"deeptrace: submit videos to a DeepTrace server and read their deepfake reports"};
  app.footer(std::string(kExitCodeHelp));
  app.require_subcommand(1);
  app.fallthrough();  // --url/--key may also follow the subcommand
  app.set_version_flag("--version", DEEPTRACE_VERSION);
  GlobalOptions g;
  Action action;
  add_global_options(app, g);
  add_submit(app, action, g);
  add_job_command(app, action, "status", "show a job's state in one line", run_status);
  add_list(app, action);
  add_job_command(app, action, "cancel", "cancel a queued or running job", run_cancel);
  add_delete(app, action);
  add_keys(app, action);
  add_usage(app, action);
  add_webhooks(app, action, g);
  add_job_command(app, action, "report", "print a job's report (exit code by its outcome)", run_report);
  add_verify(app, action, g);
  add_provenance(app, action, g);
  add_global_footers(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : to_int(ExitCode::Usage);
  }
  try {
    ExitCode code = execute(g, action);
    // An interrupted wait left a thread reading an event stream: end now,
    // before destructors run under it.
    if (code == ExitCode::Interrupted) exit_now(to_int(code));
    return to_int(code);
  } catch (const CliError& e) {
    print_error("", e.code(), e.what());
    return to_int(e.exit_code());
  } catch (const std::exception& e) {
    print_error("", "", std::string("unexpected error: ") + e.what());
    return to_int(ExitCode::Internal);
  }
}

}  // namespace deeptrace::cli
