#include "store/mongo/mongo_anchor_schema.hpp"

namespace deeptrace::mongo {
namespace {

template <typename T>
Json or_null(const std::optional<T>& value) {
  return value ? Json(*value) : Json(nullptr);
}

template <typename T>
std::optional<T> optional_field(const Json& doc, const char* name) {
  auto it = doc.find(name);
  if (it == doc.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

}  // namespace

Json anchor_batch_document(const AnchorBatch& batch) {
  return {{"_id", batch.id},
          {"root", batch.root},
          {"chain_id", batch.chain_id},
          {"contract", batch.contract},
          {"state", anchor_state_name(batch.state)},
          {"count", batch.count},
          {"tx_hash", or_null(batch.tx_hash)},
          {"block_number", or_null(batch.block_number)},
          {"block_time", or_null(batch.block_time)},
          {"created_at", batch.created_at},
          {"updated_at", batch.updated_at}};
}

AnchorBatch anchor_batch_from_document(const Json& doc) {
  AnchorBatch batch;
  batch.id = doc.at("_id").get<std::string>();
  batch.root = doc.at("root").get<std::string>();
  batch.chain_id = doc.at("chain_id").get<std::int64_t>();
  batch.contract = doc.at("contract").get<std::string>();
  auto state = parse_anchor_state(doc.at("state").get<std::string>());
  if (!state) throw Error(ErrorCode::INTERNAL, "anchor batch " + batch.id + " has an unknown state");
  batch.state = *state;
  batch.count = doc.at("count").get<std::int64_t>();
  batch.tx_hash = optional_field<std::string>(doc, "tx_hash");
  batch.block_number = optional_field<std::int64_t>(doc, "block_number");
  batch.block_time = optional_field<std::int64_t>(doc, "block_time");
  batch.created_at = doc.at("created_at").get<TimeMs>();
  batch.updated_at = doc.at("updated_at").get<TimeMs>();
  return batch;
}

Json anchor_entry_document(const AnchorEntry& entry, const std::string& batch_id, size_t position) {
  return {{"_id", entry.job_id}, {"batch_id", batch_id}, {"position", position},
          {"digest", entry.digest}, {"proof", entry.proof}};
}

AnchorEntry anchor_entry_from_document(const Json& doc) {
  return {doc.at("_id").get<std::string>(), doc.at("digest").get<std::string>(),
          doc.at("proof").get<std::vector<std::string>>()};
}

void ensure_anchor_indexes(Pool& pool) {
  Collection batches(pool, kAnchorBatchesCollection);
  batches.create_indexes(Ordered::array({
      // A root is anchored once: a second batch with it must not exist.
      {{"key", {{"root", 1}}}, {"name", "root"}, {"unique", true}},
      // batches_in_state: oldest first.
      {{"key", {{"state", 1}, {"created_at", 1}, {"_id", 1}}}, {"name", "state_age"}},
  }));
  Collection entries(pool, kAnchorEntriesCollection);
  entries.create_indexes(Ordered::array({{{"key", {{"batch_id", 1}, {"position", 1}}}, {"name", "batch"}}}));
}

}  // namespace deeptrace::mongo
