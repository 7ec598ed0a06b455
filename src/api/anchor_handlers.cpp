// Chain anchoring routes (docs/anchoring.md §4). The anchor service drives
// batches through the admin routes; owners read their job's proof. The API
// recomputes every digest and checks every proof before it stores a batch,
// so a faulty anchor service cannot record a proof that would not verify.
#include "api/handlers.hpp"
#include "chain/report_digest.hpp"
#include "core/log.hpp"
#include "core/time.hpp"

namespace deeptrace::api {
namespace {

using nlohmann::json;

constexpr int kDefaultPendingLimit = 100;
constexpr int kMaxPendingLimit = 1000;
constexpr std::size_t kMaxBatchEntries = 10000;

void put_optional(json& out, const char* key, const auto& value) {
  if (value) out[key] = *value;
}

json entries_json(const std::vector<AnchorEntry>& entries) {
  json out = json::array();
  for (const AnchorEntry& e : entries) out.push_back({{"job_id", e.job_id}, {"digest", e.digest}, {"proof", e.proof}});
  return out;
}

json batch_json(const AnchorBatch& batch, bool with_entries) {
  json out = {{"id", batch.id},
              {"root", batch.root},
              {"chain_id", batch.chain_id},
              {"contract", batch.contract},
              {"state", anchor_state_name(batch.state)},
              {"count", batch.count},
              {"created_at", format_rfc3339(batch.created_at)},
              {"updated_at", format_rfc3339(batch.updated_at)}};
  put_optional(out, "tx_hash", batch.tx_hash);
  put_optional(out, "block_number", batch.block_number);
  put_optional(out, "block_time", batch.block_time);
  if (with_entries) out["entries"] = entries_json(batch.entries);
  return out;
}

std::string digest_of(const Job& job) {
  return chain::to_hex(chain::report_digest(job.media.sha256, job.result.value_or(json::object())));
}

const json& field(const json& body, const char* name, bool (json::*is_type)() const noexcept, const char* type) {
  auto it = body.find(name);
  if (it == body.end() || !((*it).*is_type)()) {
    throw Error(ErrorCode::INVALID_REQUEST, std::string("'") + name + "' must be " + type);
  }
  return *it;
}

std::int64_t non_negative(const json& body, const char* name) {
  const json& value = field(body, name, &json::is_number_integer, "an integer");
  if (value.get<std::int64_t>() < 0) throw Error(ErrorCode::INVALID_REQUEST, std::string("'") + name + "' must be >= 0");
  return value.get<std::int64_t>();
}

std::string hash_field(const json& body, const char* name) {
  return chain::to_hex(chain::parse_hash32(field(body, name, &json::is_string, "a string").get<std::string>(), name));
}

std::string contract_field(const json& body) {
  std::string address = field(body, "contract", &json::is_string, "a string").get<std::string>();
  bool hex = address.size() == 42 && address.rfind("0x", 0) == 0 &&
             address.find_first_not_of("0123456789abcdefABCDEF", 2) == std::string::npos;
  if (!hex) throw Error(ErrorCode::INVALID_REQUEST, "'contract' must be 0x followed by 40 hex digits");
  for (char& c : address) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return address;
}

// One entry: the job must be COMPLETED, the digest the server's own, and the
// proof must lead from the digest's leaf to the batch root.
AnchorEntry checked_entry(ServerContext& ctx, const json& item, const chain::Hash32& root) {
  if (!item.is_object()) throw Error(ErrorCode::INVALID_REQUEST, "each entry must be an object");
  AnchorEntry entry{field(item, "job_id", &json::is_string, "a string").get<std::string>(), hash_field(item, "digest"), {}};
  std::vector<chain::Hash32> proof;
  for (const json& step : field(item, "proof", &json::is_array, "an array")) {
    if (!step.is_string()) throw Error(ErrorCode::INVALID_REQUEST, "proof items must be strings");
    proof.push_back(chain::parse_hash32(step.get<std::string>(), "proof item"));
    entry.proof.push_back(chain::to_hex(proof.back()));
  }
  std::optional<Job> job = ctx.jobs.get(entry.job_id);
  if (!job) throw Error(ErrorCode::JOB_NOT_FOUND, "no job with id " + entry.job_id);
  if (job->status != JobStatus::Completed) throw Error(ErrorCode::INVALID_REQUEST, "job " + entry.job_id + " is not COMPLETED");
  if (digest_of(*job) != entry.digest) {
    throw Error(ErrorCode::ANCHOR_PROOF_INVALID, "the digest of job " + entry.job_id + " is not the report's digest");
  }
  chain::Hash32 leaf = chain::merkle_leaf(chain::parse_hash32(entry.digest, "digest"));
  if (chain::merkle_root_from_proof(leaf, proof) != root) {
    throw Error(ErrorCode::ANCHOR_PROOF_INVALID, "the proof of job " + entry.job_id + " does not lead to the root");
  }
  return entry;
}

AnchorBatch batch_or_404(ServerContext& ctx, const std::string& id) {
  std::optional<AnchorBatch> batch = ctx.anchors.get_batch(id);
  if (!batch) throw Error(ErrorCode::ANCHOR_BATCH_NOT_FOUND, "no anchor batch with id " + id);
  return *batch;
}

}  // namespace

json job_anchor_json(const std::string& job_id, const JobAnchor& anchor) {
  const AnchorBatch& batch = anchor.batch;
  json out = {{"job_id", job_id},
              {"digest", anchor.entry.digest},
              {"leaf", chain::to_hex(chain::merkle_leaf(chain::parse_hash32(anchor.entry.digest, "digest")))},
              {"proof", anchor.entry.proof},
              {"root", batch.root},
              {"batch_id", batch.id},
              {"state", anchor_state_name(batch.state)},
              {"chain_id", batch.chain_id},
              {"contract", batch.contract}};
  put_optional(out, "tx_hash", batch.tx_hash);
  put_optional(out, "block_number", batch.block_number);
  put_optional(out, "block_time", batch.block_time);
  return out;
}

Response handle_job_anchor(ServerContext& ctx, Exchange& ex) {
  Job job = owned_job(ctx, ex);
  std::optional<JobAnchor> anchor = ctx.anchors.anchor_of(job.id);
  if (!anchor) throw Error(ErrorCode::NOT_ANCHORED, "job " + job.id + " is in no anchor batch yet");
  return json_response(http::status::ok, job_anchor_json(job.id, *anchor));
}

Response handle_pending_reports(ServerContext& ctx, Exchange& ex) {
  int limit = kDefaultPendingLimit;
  if (auto it = ex.target.query.find("limit"); it != ex.target.query.end()) {
    limit = parse_int_field("limit", it->second, 1, kMaxPendingLimit);
  }
  json reports = json::array();
  for (const Job& job : ctx.anchors.unanchored_jobs(limit)) {
    reports.push_back({{"job_id", job.id},
                       {"media_sha256", job.media.sha256},
                       {"digest", digest_of(job)},
                       {"finished_at", job.finished_at ? format_rfc3339(*job.finished_at) : ""},
                       {"report", job.result.value_or(json::object())}});
  }
  return json_response(http::status::ok, {{"reports", reports}});
}

Response handle_create_anchor_batch(ServerContext& ctx, Exchange& ex) {
  NewAnchorBatch batch;
  batch.root = hash_field(ex.body, "root");
  batch.chain_id = non_negative(ex.body, "chain_id");
  batch.contract = contract_field(ex.body);
  const json& entries = field(ex.body, "entries", &json::is_array, "an array");
  if (entries.empty() || entries.size() > kMaxBatchEntries) {
    throw Error(ErrorCode::INVALID_REQUEST, "'entries' must hold 1 to 10000 entries");
  }
  chain::Hash32 root = chain::parse_hash32(batch.root, "root");
  for (const json& item : entries) batch.entries.push_back(checked_entry(ctx, item, root));
  AnchorBatch created = ctx.anchors.create_batch(batch);
  log::info("anchor batch prepared", {{"request_id", ex.request_id}, {"batch_id", created.id},
                                      {"root", created.root}, {"count", created.count}});
  return json_response(http::status::created, batch_json(created, true));
}

Response handle_list_anchor_batches(ServerContext& ctx, Exchange& ex) {
  const auto& q = ex.target.query;
  auto state_it = q.find("state");
  std::optional<AnchorState> state = parse_anchor_state(state_it == q.end() ? "" : state_it->second);
  if (!state) throw Error(ErrorCode::INVALID_REQUEST, "'state' must be prepared, submitted or confirmed");
  int limit = kDefaultPendingLimit;
  if (auto it = q.find("limit"); it != q.end()) limit = parse_int_field("limit", it->second, 1, kMaxPendingLimit);
  json batches = json::array();
  for (const AnchorBatch& batch : ctx.anchors.batches_in_state(*state, limit)) batches.push_back(batch_json(batch, false));
  return json_response(http::status::ok, {{"batches", batches}});
}

Response handle_get_anchor_batch(ServerContext& ctx, Exchange& ex) {
  return json_response(http::status::ok, batch_json(batch_or_404(ctx, ex.params.at("id")), true));
}

Response handle_anchor_batch_submitted(ServerContext& ctx, Exchange& ex) {
  AnchorBatch batch = ctx.anchors.mark_submitted(ex.params.at("id"), hash_field(ex.body, "tx_hash"));
  log::info("anchor batch submitted", {{"request_id", ex.request_id}, {"batch_id", batch.id},
                                       {"tx_hash", batch.tx_hash.value_or("")}});
  return json_response(http::status::ok, batch_json(batch, false));
}

Response handle_anchor_batch_confirmed(ServerContext& ctx, Exchange& ex) {
  AnchorBatch batch = ctx.anchors.mark_confirmed(ex.params.at("id"), hash_field(ex.body, "tx_hash"),
                                                 non_negative(ex.body, "block_number"),
                                                 non_negative(ex.body, "block_time"));
  log::info("anchor batch confirmed", {{"request_id", ex.request_id}, {"batch_id", batch.id},
                                       {"block_number", batch.block_number.value_or(0)}});
  return json_response(http::status::ok, batch_json(batch, false));
}

}  // namespace deeptrace::api
