#include "store/anchor_rules.hpp"

#include <algorithm>
#include <set>

#include "core/errors.hpp"
#include "core/random.hpp"

namespace deeptrace {
namespace {

bool is_lower_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }
bool is_any_hex(char c) { return is_lower_hex(c) || (c >= 'A' && c <= 'F'); }

template <typename IsDigit>
bool is_prefixed_hex(const std::string& value, size_t digits, IsDigit is_digit) {
  return value.size() == digits + 2 && value.rfind("0x", 0) == 0 &&
         std::all_of(value.begin() + 2, value.end(), is_digit);
}

[[noreturn]] void invalid(const std::string& message) { throw Error(ErrorCode::INVALID_REQUEST, message); }

void validate_entry(const AnchorEntry& entry) {
  if (entry.job_id.empty()) invalid("every anchor entry needs a job_id");
  validate_hash32(entry.digest, "the digest of job " + entry.job_id);
  if (entry.proof.size() > kMaxAnchorProofLength) {
    invalid("the proof of job " + entry.job_id + " has more than " + std::to_string(kMaxAnchorProofLength) +
            " hashes");
  }
  for (const auto& sibling : entry.proof) validate_hash32(sibling, "a proof hash of job " + entry.job_id);
}

}  // namespace

void validate_hash32(const std::string& value, const std::string& what) {
  if (!is_prefixed_hex(value, 64, is_lower_hex)) invalid(what + " must be 0x and 64 lowercase hex digits");
}

void validate_new_anchor_batch(const NewAnchorBatch& batch) {
  validate_hash32(batch.root, "the root");
  if (batch.chain_id <= 0) invalid("chain_id must be a positive integer");
  // Addresses may carry EIP-55 checksum capitals.
  if (!is_prefixed_hex(batch.contract, 40, is_any_hex)) invalid("the contract must be 0x and 40 hex digits");
  if (batch.entries.empty()) invalid("an anchor batch needs at least one entry");
  if (batch.entries.size() > kMaxAnchorBatchEntries) {
    invalid("an anchor batch holds at most " + std::to_string(kMaxAnchorBatchEntries) + " entries");
  }
  std::set<std::string> job_ids;
  for (const auto& entry : batch.entries) {
    validate_entry(entry);
    if (!job_ids.insert(entry.job_id).second) invalid("job " + entry.job_id + " appears twice in the batch");
  }
}

int clamp_anchor_limit(int limit) { return std::clamp(limit, 1, static_cast<int>(kMaxAnchorBatchEntries)); }

std::string new_anchor_batch_id() { return random_hex(16); }

AnchorBatch prepared_batch(const NewAnchorBatch& request, TimeMs now) {
  AnchorBatch batch;
  batch.id = new_anchor_batch_id();
  batch.root = request.root;
  batch.chain_id = request.chain_id;
  batch.contract = request.contract;
  batch.state = AnchorState::Prepared;
  batch.count = static_cast<std::int64_t>(request.entries.size());
  batch.entries = request.entries;
  batch.created_at = batch.updated_at = now;
  return batch;
}

// A confirmed batch is final: its transaction is on chain. Repeating the
// report of that same transaction is harmless; naming another one means two
// writers disagree about the chain, which someone must look at.
static bool confirmed_unchanged(const AnchorBatch& batch, const std::string& tx_hash) {
  if (batch.state != AnchorState::Confirmed) return false;
  if (batch.tx_hash == tx_hash) return true;
  throw Error(ErrorCode::ANCHOR_CONFLICT, "batch " + batch.id + " is already confirmed with transaction " +
                                              batch.tx_hash.value_or("?"));
}

AnchorChange apply_submitted(AnchorBatch batch, const std::string& tx_hash, TimeMs now) {
  validate_hash32(tx_hash, "tx_hash");
  if (confirmed_unchanged(batch, tx_hash)) return {std::move(batch), false};
  if (batch.state == AnchorState::Submitted && batch.tx_hash == tx_hash) return {std::move(batch), false};
  batch.state = AnchorState::Submitted;
  batch.tx_hash = tx_hash;  // a resent transaction replaces the earlier hash
  batch.updated_at = now;
  return {std::move(batch), true};
}

AnchorChange apply_confirmed(AnchorBatch batch, const std::string& tx_hash, std::int64_t block_number,
                             std::int64_t block_time, TimeMs now) {
  validate_hash32(tx_hash, "tx_hash");
  if (block_number < 0) invalid("block_number must not be negative");
  if (block_time < 0) invalid("block_time must not be negative");
  if (confirmed_unchanged(batch, tx_hash)) return {std::move(batch), false};
  batch.state = AnchorState::Confirmed;
  batch.tx_hash = tx_hash;
  batch.block_number = block_number;
  batch.block_time = block_time;
  batch.updated_at = now;
  return {std::move(batch), true};
}

}  // namespace deeptrace
