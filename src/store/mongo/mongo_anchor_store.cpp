// MongoAnchorStore: batch creation with compensation, and the state changes.
// unanchored_jobs is in mongo_anchor_queries.cpp.
#include "store/mongo/mongo_anchor_store.hpp"

#include <algorithm>
#include <map>
#include <numeric>

#include "core/time.hpp"
#include "store/anchor_rules.hpp"
#include "store/mongo/mongo_anchor_schema.hpp"
#include "store/mongo/mongo_job_schema.hpp"

namespace deeptrace {
namespace {

using mongo::Collection;
using mongo::Ordered;

constexpr int kDuplicateKey = 11000;

[[noreturn]] void conflict(const std::string& message) { throw Error(ErrorCode::ANCHOR_CONFLICT, message); }

// Positions of the entries sorted by job id: the global insert order.
std::vector<size_t> job_id_order(const std::vector<AnchorEntry>& entries) {
  std::vector<size_t> order(entries.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return entries[a].job_id < entries[b].job_id; });
  return order;
}

// An ordered insert reports per-document failures in writeErrors, not as a
// failed command.
void check_insert_reply(const Json& reply, size_t expected) {
  auto errors = reply.find("writeErrors");
  if (errors != reply.end() && !errors->empty()) {
    const Json& first = errors->front();
    if (first.value("code", 0) == kDuplicateKey) conflict("a job of the batch is already in another batch");
    throw Error(ErrorCode::INTERNAL, "inserting anchor entries: " + first.value("errmsg", first.dump()));
  }
  if (reply.value("n", std::int64_t{-1}) != static_cast<std::int64_t>(expected)) {
    throw Error(ErrorCode::INTERNAL, "inserting anchor entries: unexpected reply " + reply.dump());
  }
}

}  // namespace

MongoAnchorStore::MongoAnchorStore(std::shared_ptr<mongo::Pool> pool) : pool_(std::move(pool)), locks_(*pool_) {
  mongo::ensure_anchor_indexes(*pool_);
}

AnchorBatch MongoAnchorStore::create_batch(const NewAnchorBatch& request) {
  validate_new_anchor_batch(request);
  require_completed_jobs(request.entries);
  AnchorBatch batch = prepared_batch(request, now_ms());
  Collection batches(*pool_, mongo::kAnchorBatchesCollection);
  if (!batches.insert_one(mongo::anchor_batch_document(batch))) conflict("root " + batch.root + " is already in a batch");
  try {
    insert_entries(batch);
  } catch (...) {
    remove_batch(batch.id);
    throw;
  }
  return batch;
}

// Jobs are final once COMPLETED, so checking before the insert is enough.
void MongoAnchorStore::require_completed_jobs(const std::vector<AnchorEntry>& entries) {
  Json ids = Json::array();
  for (const auto& entry : entries) ids.push_back(entry.job_id);
  Collection jobs(*pool_, mongo::kJobsCollection);
  std::map<std::string, std::string> status_of;
  for (const auto& doc : jobs.find({{"_id", {{"$in", ids}}}}, {nullptr, {{"status", 1}}})) {
    status_of[doc.at("_id").get<std::string>()] = doc.value("status", "");
  }
  for (const auto& entry : entries) {
    auto found = status_of.find(entry.job_id);
    if (found == status_of.end()) throw Error(ErrorCode::JOB_NOT_FOUND, "no job " + entry.job_id);
    if (found->second != "COMPLETED") throw Error(ErrorCode::INVALID_REQUEST, "job " + entry.job_id + " is not COMPLETED");
  }
}

void MongoAnchorStore::insert_entries(const AnchorBatch& batch) {
  Ordered documents = Ordered::array();
  for (size_t position : job_id_order(batch.entries)) {
    documents.push_back(Ordered(mongo::anchor_entry_document(batch.entries[position], batch.id, position)));
  }
  Collection entries(*pool_, mongo::kAnchorEntriesCollection);
  Json reply = entries.command(Ordered{{"insert", mongo::kAnchorEntriesCollection},
                                       {"documents", std::move(documents)},
                                       {"ordered", true}});
  check_insert_reply(reply, batch.entries.size());
}

// Compensation for a batch that could not take all its jobs. Entries first:
// while the batch document exists its root stays reserved.
void MongoAnchorStore::remove_batch(const std::string& batch_id) {
  Collection entries(*pool_, mongo::kAnchorEntriesCollection);
  entries.delete_many({{"batch_id", batch_id}});
  Collection batches(*pool_, mongo::kAnchorBatchesCollection);
  batches.delete_one({{"_id", batch_id}});
}

std::optional<AnchorBatch> MongoAnchorStore::find_batch(const std::string& batch_id) {
  Collection batches(*pool_, mongo::kAnchorBatchesCollection);
  auto doc = batches.find_one({{"_id", batch_id}});
  if (!doc) return std::nullopt;
  return mongo::anchor_batch_from_document(*doc);
}

std::optional<AnchorBatch> MongoAnchorStore::get_batch(const std::string& batch_id) {
  auto batch = find_batch(batch_id);
  if (!batch) return std::nullopt;
  Collection entries(*pool_, mongo::kAnchorEntriesCollection);
  for (const auto& doc : entries.find({{"batch_id", batch_id}}, {{{"position", 1}}})) {
    batch->entries.push_back(mongo::anchor_entry_from_document(doc));
  }
  return batch;
}

std::vector<AnchorBatch> MongoAnchorStore::batches_in_state(AnchorState state, int limit) {
  Collection batches(*pool_, mongo::kAnchorBatchesCollection);
  std::vector<AnchorBatch> found;
  for (const auto& doc : batches.find({{"state", anchor_state_name(state)}},
                                      {{{"created_at", 1}, {"_id", 1}}, nullptr, clamp_anchor_limit(limit)})) {
    found.push_back(mongo::anchor_batch_from_document(doc));
  }
  return found;
}

// Read-check-write under the same kind of lock document the job store uses
// (mongo_job_lock.hpp), keyed "anchor-batch:<id>". A filter on the expected
// state would be enough on MongoDB, but FerretDB v1 executes a filtered
// update as read-then-replace, so two racing writers could both match and
// the later would silently undo the earlier (e.g. a late `submitted`
// overwriting `confirmed`). Inserting the lock document is atomic on both.
template <typename Rule>
AnchorBatch MongoAnchorStore::change_state(const std::string& batch_id, Rule rule) {
  auto lock = locks_.acquire("anchor-batch:" + batch_id);
  auto current = find_batch(batch_id);
  if (!current) throw Error(ErrorCode::ANCHOR_BATCH_NOT_FOUND, "no anchor batch " + batch_id);
  AnchorChange change = rule(std::move(*current));
  if (change.changed) {
    Collection batches(*pool_, mongo::kAnchorBatchesCollection);
    if (batches.replace_one({{"_id", batch_id}}, mongo::anchor_batch_document(change.batch)) != 1) {
      throw Error(ErrorCode::ANCHOR_BATCH_NOT_FOUND, "anchor batch " + batch_id + " vanished");
    }
  }
  return std::move(change.batch);
}

AnchorBatch MongoAnchorStore::mark_submitted(const std::string& batch_id, const std::string& tx_hash) {
  return change_state(batch_id, [&](AnchorBatch batch) { return apply_submitted(std::move(batch), tx_hash, now_ms()); });
}

AnchorBatch MongoAnchorStore::mark_confirmed(const std::string& batch_id, const std::string& tx_hash,
                                             std::int64_t block_number, std::int64_t block_time) {
  return change_state(batch_id, [&](AnchorBatch batch) {
    return apply_confirmed(std::move(batch), tx_hash, block_number, block_time, now_ms());
  });
}

}  // namespace deeptrace
