#pragma once
// The subcommands, each a function of an ApiClient and its options that
// writes results to `out` (stdout) and returns the exit code. Progress and
// diagnostics go to stderr.
#include <filesystem>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "cli/exit_codes.hpp"
#include "cli/http_client.hpp"
#include "cli/progress_view.hpp"

namespace deeptrace::cli {

struct SubmitOptions {
  std::vector<std::string> files;
  std::optional<int> frames;
  bool wait = false;
  bool json = false;
  bool cancel_on_interrupt = false;  // with --wait: Ctrl-C cancels the jobs not yet finished
};

struct ListOptions {
  int limit = 20;
  bool all = false;
  bool json = false;
  // GET /api/v1/jobs' filters, passed as given (the server validates them).
  std::string search, status, verdict, since, until;
  bool oldest_first = false;
};

struct KeyOptions {
  std::string name;
  std::string expires;  // RFC 3339 time or date; empty: never
  bool json = false;
};

struct WebhookOptions {
  std::string url;
  std::vector<std::string> events;         // empty: all (the server's default)
  std::optional<std::string> description;
  bool json = false;
};

struct WebhookTestOptions {
  std::string id;
  double wait_s = 15;  // how long to wait for the outcome; 0: queue only
  bool json = false;
  bool quiet = false;  // no "waiting" line on stderr
};

struct VerifyOptions {
  std::string report_file;                 // a job JSON saved with `report --json`
  std::string rpc_url;                     // the chain node to ask (read-only)
  std::optional<std::string> anchor_file;  // else GET /api/v1/jobs/{id}/anchor
  bool json = false;
};

struct ProvenanceOptions {
  std::vector<std::string> files;
  std::filesystem::path trust_anchors, trust_config;  // empty: no trust list; the SDK's key usages
  bool json = false;
};

ExitCode run_submit(const ApiClient& client, const SubmitOptions& options, ProgressView& view, std::ostream& out);
ExitCode run_status(const ApiClient& client, const std::string& job_id, bool json, std::ostream& out);
ExitCode run_list(const ApiClient& client, const ListOptions& options, std::ostream& out);
ExitCode run_cancel(const ApiClient& client, const std::string& job_id, bool json, std::ostream& out);
// Deletes finished jobs with their uploads and artifacts, one by one; the
// exit code is the worst of their outcomes.
ExitCode run_delete(const ApiClient& client, const std::vector<std::string>& job_ids, std::ostream& out);
ExitCode run_report(const ApiClient& client, const std::string& job_id, bool json, std::ostream& out);
// The caller's own API keys.
ExitCode run_keys_list(const ApiClient& client, bool json, std::ostream& out);
ExitCode run_keys_add(const ApiClient& client, const KeyOptions& options, std::ostream& out);
ExitCode run_keys_revoke(const ApiClient& client, const std::string& key_id, std::ostream& out);
// The caller's quotas and usage: a table (usage_table), or the API's JSON.
ExitCode run_usage(const ApiClient& client, bool json, std::ostream& out);
std::string usage_table(const Json& answer);
// The caller's webhook endpoints (docs/webhooks.md).
ExitCode run_webhooks_list(const ApiClient& client, bool json, std::ostream& out);
ExitCode run_webhooks_add(const ApiClient& client, const WebhookOptions& options, std::ostream& out);
// Deletes endpoints one by one; the exit code is the worst of their outcomes.
ExitCode run_webhooks_remove(const ApiClient& client, const std::vector<std::string>& ids, std::ostream& out);
ExitCode run_webhooks_set_enabled(const ApiClient& client, const std::string& id, bool enabled, std::ostream& out);
// stop_old_now: the old secret stops signing at once instead of after a day.
ExitCode run_webhooks_rotate_secret(const ApiClient& client, const std::string& id, bool stop_old_now, bool json,
                                    std::ostream& out);
// Queues a webhook.test event and waits for its first outcome: 0 delivered,
// 1 (JobFailed) the attempt failed, 6 (NotFinished) no attempt within the wait.
ExitCode run_webhooks_test(const ApiClient& client, const WebhookTestOptions& options, std::ostream& out);
ExitCode run_webhooks_deliveries(const ApiClient& client, const std::string& id, std::optional<int> limit, bool json,
                                 std::ostream& out);
// Offline: reads each file's Content Credentials here, no server needed.
ExitCode run_provenance(const ProvenanceOptions& options, std::ostream& out);
// client is null when no API key was given (then options.anchor_file is needed).
ExitCode run_verify(const VerifyOptions& options, const ApiClient* client, std::ostream& out);

// "deeptrace: error CODE: message" (or without the code) on stderr.
void print_error(const std::string& context, const std::string& code, const std::string& message);

// The larger of two exit codes: several files report their worst outcome.
ExitCode worse(ExitCode a, ExitCode b);

}  // namespace deeptrace::cli
