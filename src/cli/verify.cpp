// `deeptrace verify REPORT.json`: recomputes the report's digest from the
// file and asks the ReportRegistry contract, with a read-only eth_call,
// whether it is in an anchored batch (docs/anchoring.md §6). The chain node
// is the authority, not the DeepTrace server: the server only supplies the
// proof, and a wrong proof cannot make the contract say yes.
#include <fstream>
#include <iostream>

#include "chain/registry_abi.hpp"
#include "chain/report_digest.hpp"
#include "cli/cli_error.hpp"
#include "cli/commands.hpp"
#include "cli/eth_rpc.hpp"
#include "core/errors.hpp"

namespace deeptrace::cli {
namespace {

Json read_json_file(const std::string& path, const char* what) {
  std::ifstream in(path);
  if (!in) throw usage_error(std::string("cannot read ") + what + " " + path);
  Json doc = Json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) throw usage_error(path + " is not a JSON object");
  return doc;
}

struct ReportFile {
  std::string job_id;
  std::string media_sha256;
  Json report;
};

ReportFile parse_report_file(const Json& doc, const std::string& path) {
  const Json* media = doc.contains("media") && doc["media"].is_object() ? &doc["media"] : nullptr;
  bool shaped = doc.contains("result") && doc["result"].is_object() && media && (*media).contains("sha256");
  if (!shaped) throw usage_error(path + " is not a job report: save one with `deeptrace report JOB_ID --json`");
  return {doc.value("job_id", doc.value("id", "")), (*media)["sha256"].get<std::string>(), doc["result"]};
}

Json fetch_anchor(const VerifyOptions& options, const ApiClient* client, const std::string& job_id) {
  if (options.anchor_file) return read_json_file(*options.anchor_file, "anchor file");
  if (!client) throw usage_error("give --anchor FILE, or --key KEY so the proof can be read from the server");
  if (job_id.empty()) throw usage_error("the report has no job id; give --anchor FILE");
  return client->get("/api/v1/jobs/" + percent_encode(job_id) + "/anchor");
}

struct Check {
  bool valid = false;
  std::string digest;
};

// The contract's verify(leaf, proof, root) for the file's own digest.
Check check_on_chain(const ReportFile& file, const Json& anchor, const EthRpc& rpc) {
  Check check;
  chain::Hash32 digest = chain::report_digest(file.media_sha256, file.report);
  check.digest = chain::to_hex(digest);
  std::vector<chain::Hash32> proof;
  for (const Json& step : anchor.at("proof")) proof.push_back(chain::parse_hash32(step.get<std::string>(), "proof item"));
  chain::Hash32 root = chain::parse_hash32(anchor.at("root").get<std::string>(), "root");
  std::int64_t chain_id = rpc.chain_id();
  if (chain_id != anchor.at("chain_id").get<std::int64_t>()) {
    throw rejected("CHAIN_MISMATCH", "the RPC node serves chain " + std::to_string(chain_id) + ", the anchor is on chain " +
                                         std::to_string(anchor.at("chain_id").get<std::int64_t>()));
  }
  std::string data = chain::encode_verify_call(chain::merkle_leaf(digest), proof, root);
  check.valid = chain::decode_bool_result(rpc.call(anchor.at("contract").get<std::string>(), data));
  return check;
}

void print_outcome(const Check& check, const Json& anchor, bool json, std::ostream& out) {
  std::string anchored_digest = anchor.value("digest", "");
  if (json) {
    out << Json{{"valid", check.valid}, {"digest", check.digest}, {"anchored_digest", anchored_digest},
                {"root", anchor.value("root", "")}, {"block_number", anchor.value("block_number", Json())},
                {"chain_id", anchor.value("chain_id", Json())}, {"contract", anchor.value("contract", "")},
                {"tx_hash", anchor.value("tx_hash", Json())}}.dump()
        << "\n";
    return;
  }
  if (check.valid) {
    out << "valid: the report matches the digest anchored in block " << anchor.value("block_number", Json()).dump()
        << " (chain " << anchor.value("chain_id", 0) << ", contract " << anchor.value("contract", "")
        << ", tx " << anchor.value("tx_hash", "") << ")\n";
    return;
  }
  out << "invalid: the contract does not know this report's digest " << check.digest << "\n";
  if (check.digest != anchored_digest) out << "  the anchored digest is " << anchored_digest << ": the report was altered\n";
}

}  // namespace

ExitCode run_verify(const VerifyOptions& options, const ApiClient* client, std::ostream& out) {
  try {
    ReportFile file = parse_report_file(read_json_file(options.report_file, "report"), options.report_file);
    Json anchor = fetch_anchor(options, client, file.job_id);
    std::string state = anchor.value("state", "");
    if (state != "confirmed") {
      print_error("verify", "NOT_ANCHORED", "the report's batch is " + (state.empty() ? "unknown" : state) + ", not yet mined");
      return ExitCode::NotFinished;
    }
    Check check = check_on_chain(file, anchor, EthRpc(parse_rpc_url(options.rpc_url)));
    print_outcome(check, anchor, options.json, out);
    return check.valid ? ExitCode::Ok : ExitCode::Invalid;
  } catch (const Error& e) {
    throw usage_error(std::string("malformed report or anchor: ") + e.what());
  } catch (const Json::exception& e) {
    throw usage_error(std::string("malformed anchor: ") + e.what());
  }
}

}  // namespace deeptrace::cli
