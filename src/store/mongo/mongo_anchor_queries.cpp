// MongoAnchorStore: the read-only queries.
#include <algorithm>
#include <set>

#include "store/anchor_rules.hpp"
#include "store/mongo/mongo_anchor_schema.hpp"
#include "store/mongo/mongo_anchor_store.hpp"
#include "store/mongo/mongo_job_schema.hpp"

namespace deeptrace {
namespace {

using mongo::Collection;

// COMPLETED jobs after the last one seen, in (finished_at, _id) order.
Json completed_after(const std::optional<Job>& last) {
  Json filter = {{"status", "COMPLETED"}};
  if (last) {
    TimeMs finished = last->finished_at.value_or(0);
    filter["$or"] = Json::array({{{"finished_at", {{"$gt", finished}}}},
                                 {{"finished_at", finished}, {"_id", {{"$gt", last->id}}}}});
  }
  return filter;
}

// Which of these jobs already have an entry.
std::set<std::string> anchored_among(Collection& entries, const std::vector<Job>& jobs) {
  Json ids = Json::array();
  for (const auto& job : jobs) ids.push_back(job.id);
  std::set<std::string> anchored;
  for (const auto& doc : entries.find({{"_id", {{"$in", ids}}}}, {nullptr, {{"_id", 1}}})) {
    anchored.insert(doc.at("_id").get<std::string>());
  }
  return anchored;
}

}  // namespace

// No join without $lookup (which FerretDB v1 lacks): completed jobs are read
// page by page, oldest finished first, and those with an entry dropped until
// `limit` are found. Each round costs a page of jobs plus one $in query.
std::vector<Job> MongoAnchorStore::unanchored_jobs(int limit) {
  limit = clamp_anchor_limit(limit);
  const std::int64_t page_size = std::clamp(2 * limit, 100, static_cast<int>(kMaxAnchorBatchEntries));
  Collection jobs(*pool_, mongo::kJobsCollection);
  Collection entries(*pool_, mongo::kAnchorEntriesCollection);
  std::vector<Job> found;
  std::optional<Job> last;
  while (true) {
    std::vector<Job> page;
    for (const auto& doc : jobs.find(completed_after(last), {{{"finished_at", 1}, {"_id", 1}}, nullptr, page_size})) {
      page.push_back(job_from_document(doc));
    }
    std::set<std::string> anchored = anchored_among(entries, page);
    for (const auto& job : page) {
      if (anchored.count(job.id)) continue;
      found.push_back(job);
      if (static_cast<int>(found.size()) == limit) return found;
    }
    if (static_cast<std::int64_t>(page.size()) < page_size) return found;
    last = page.back();
  }
}

std::optional<JobAnchor> MongoAnchorStore::anchor_of(const std::string& job_id) {
  Collection entries(*pool_, mongo::kAnchorEntriesCollection);
  auto entry = entries.find_one({{"_id", job_id}});
  if (!entry) return std::nullopt;
  // Missing while the batch is being created or compensated: not anchored (yet).
  auto batch = find_batch(entry->at("batch_id").get<std::string>());
  if (!batch) return std::nullopt;
  return JobAnchor{mongo::anchor_entry_from_document(*entry), std::move(*batch)};
}

}  // namespace deeptrace
