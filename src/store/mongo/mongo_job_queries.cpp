// MongoJobStore: owner operations (cancel, list), reads, maintenance and
// worker liveness. The claim/lease paths are in mongo_job_store.cpp.
#include <algorithm>
#include <set>

#include "core/time.hpp"
#include "store/job_rules.hpp"
#include "store/mongo/mongo_job_schema.hpp"
#include "store/mongo/mongo_job_store.hpp"

namespace deeptrace {
namespace {

using mongo::Collection;

constexpr int kMaxPageSize = 100;
constexpr int kMaxUpdatedBatch = 1000;

std::vector<Job> jobs_from(const std::vector<Json>& docs) {
  std::vector<Job> jobs;
  jobs.reserve(docs.size());
  for (const auto& doc : docs) jobs.push_back(job_from_document(doc));
  return jobs;
}

// `text` matched literally by $regex.
std::string regex_literal(const std::string& text) {
  static const std::string kSpecial = R"(\^$.|?*+()[]{})";
  std::string escaped;
  for (char c : text) {
    if (kSpecial.find(c) != std::string::npos) escaped += '\\';
    escaped += c;
  }
  return escaped;
}

Json list_query(const std::string& owner, const JobFilter& filter) {
  Json query = {{"owner", owner}};
  if (filter.filename_contains)
    query["media.filename"] = {{"$regex", regex_literal(*filter.filename_contains)}, {"$options", "i"}};
  if (filter.status) query["status"] = std::string(status_name(*filter.status));
  if (filter.verdict) query["result.verdict"] = *filter.verdict;
  Json created = Json::object();
  if (filter.created_from) created["$gte"] = *filter.created_from;
  if (filter.created_before) created["$lt"] = *filter.created_before;
  if (!created.empty()) query["created_at"] = created;
  return query;
}

Json finished_before(TimeMs cutoff) {
  return {{"status", {{"$in", {"COMPLETED", "FAILED", "CANCELLED"}}}}, {"finished_at", {{"$lt", cutoff}}}};
}

}  // namespace

CancelOutcome MongoJobStore::cancel(const std::string& job_id, const std::string& owner) {
  auto lock = locks_.acquire(job_id);
  auto before = find_job(job_id);
  if (!before) return CancelOutcome::NotFound;
  CancelChange change = apply_cancel(std::move(*before), owner, now_ms());
  if (change.changed && !replace_locked(change.job)) {
    throw Error(ErrorCode::INTERNAL, "job " + job_id + " changed under its lock");
  }
  return change.outcome;
}

std::optional<Job> MongoJobStore::get(const std::string& job_id) { return find_job(job_id); }

JobPage MongoJobStore::list(const std::string& owner, int limit, const std::optional<std::string>& cursor,
                            const JobFilter& filter) {
  if (cursor && !is_valid_job_id(*cursor)) throw Error(ErrorCode::INVALID_CURSOR);
  limit = std::clamp(limit, 1, kMaxPageSize);
  Json query = list_query(owner, filter);
  if (cursor) query["_id"] = {{filter.oldest_first ? "$gt" : "$lt", *cursor}};
  // Ids start with the creation time, so id order is creation order; one
  // extra document tells whether another page follows.
  Collection jobs(*pool_, mongo::kJobsCollection);
  JobPage page;
  page.jobs = jobs_from(jobs.find(query, {{{"_id", filter.oldest_first ? 1 : -1}}, nullptr, limit + 1}));
  if (static_cast<int>(page.jobs.size()) > limit) {
    page.jobs.pop_back();
    page.next_cursor = page.jobs.back().id;
  }
  return page;
}

std::int64_t MongoJobStore::jobs_ahead(const Job& job) {
  // claim_sort()'s order: priority DESC, created_at, _id.
  Json before = Json::array({{{"priority", {{"$gt", job.priority}}}},
                             {{"priority", job.priority}, {"created_at", {{"$lt", job.created_at}}}},
                             {{"priority", job.priority}, {"created_at", job.created_at}, {"_id", {{"$lt", job.id}}}}});
  return Collection(*pool_, mongo::kJobsCollection).count({{"status", "PENDING"}, {"$or", before}});
}

DeleteResult MongoJobStore::remove(const std::string& job_id, const std::string& owner) {
  auto lock = locks_.acquire(job_id);
  std::optional<Job> job = find_job(job_id);
  DeleteResult result{delete_outcome(job, owner), {}};
  if (result.outcome != DeleteOutcome::Deleted) return result;
  // A finished job changes no more; a concurrent delete of it finds none.
  Collection jobs(*pool_, mongo::kJobsCollection);
  if (jobs.delete_one({{"_id", job_id}, {"owner", owner}}) == 0) return {DeleteOutcome::NotFound, {}};
  result.orphaned = unreferenced(blobs_of(*job));
  return result;
}

std::vector<Job> MongoJobStore::updated_since(TimeMs since, int limit) {
  limit = std::clamp(limit, 1, kMaxUpdatedBatch);
  Collection jobs(*pool_, mongo::kJobsCollection);
  return jobs_from(jobs.find({{"updated_at", {{"$gte", since}}}}, {{{"updated_at", 1}, {"_id", 1}}, nullptr, limit}));
}

// Without multi-document transactions (FerretDB v1 has none) a job created
// between the delete and the reference check could reuse a digest just
// reported orphaned; the API re-uploads media it cannot find, so the window
// costs a re-upload, never a wrong result.
std::vector<std::string> MongoJobStore::purge_finished_before(TimeMs cutoff) {
  Collection jobs(*pool_, mongo::kJobsCollection);
  std::set<std::string> candidates;
  for (const Job& job : jobs_from(jobs.find(finished_before(cutoff))))
    for (std::string& sha : blobs_of(job)) candidates.insert(std::move(sha));
  jobs.delete_many(finished_before(cutoff));
  return unreferenced({candidates.begin(), candidates.end()});
}

// A blob is referenced as a job's upload or as an artifact its report names.
std::vector<std::string> MongoJobStore::unreferenced(const std::vector<std::string>& blobs) {
  Collection jobs(*pool_, mongo::kJobsCollection);
  std::vector<std::string> orphaned;
  for (const auto& sha : blobs) {
    Json referenced = {{"$or", Json::array({{{"media.sha256", sha}}, {{"result.artifacts.sha256", sha}}})}};
    if (!jobs.find_one(referenced, {nullptr, {{"_id", 1}}})) orphaned.push_back(sha);
  }
  return orphaned;
}

UploadUsage MongoJobStore::uploads_since(const std::string& owner, TimeMs since) {
  Collection ledger(*pool_, mongo::kUploadLedgerCollection);
  UploadUsage usage;
  // Summed here rather than by $group: a day's uploads of one owner are few.
  for (const auto& entry : ledger.find({{"owner", owner}, {"created_at", {{"$gte", since}}}},
                                       {{{"created_at", 1}}, {{"created_at", 1}, {"bytes", 1}}})) {
    if (!usage.earliest) usage.earliest = entry.at("created_at").get<TimeMs>();
    ++usage.jobs;
    usage.bytes += entry.at("bytes").get<std::int64_t>();
  }
  return usage;
}

std::int64_t MongoJobStore::active_jobs(const std::string& owner) {
  Collection jobs(*pool_, mongo::kJobsCollection);
  return jobs.count({{"owner", owner}, {"status", {{"$in", Json::array({"PENDING", "PROCESSING"})}}}});
}

QueueStats MongoJobStore::stats() {
  Collection jobs(*pool_, mongo::kJobsCollection);
  QueueStats stats;
  for (JobStatus status : all_statuses()) stats.by_status[status] = 0;
  for (const auto& group : jobs.aggregate(Json::array({{{"$group", {{"_id", "$status"}, {"n", {{"$sum", 1}}}}}}}))) {
    if (auto status = parse_status(group.at("_id").get<std::string>())) stats.by_status[*status] = group.at("n").get<std::int64_t>();
  }
  TimeMs now = now_ms();
  auto oldest = jobs.find_one({{"status", "PENDING"}, {"run_after", {{"$lte", now}}}},
                              {{{"created_at", 1}}, {{"created_at", 1}}});
  if (oldest) stats.oldest_pending_created_at = oldest->at("created_at").get<TimeMs>();
  stats.stuck = jobs.count({{"status", "PROCESSING"}, {"lease.expires_at", {{"$lt", now}}}});
  return stats;
}

void MongoJobStore::record_worker_beat(const WorkerBeat& beat) {
  Collection workers(*pool_, mongo::kWorkersCollection);
  Json fields = {{"last_seen", beat.last_seen}, {"job_id", beat.job_id ? Json(*beat.job_id) : Json(nullptr)}};
  try {
    workers.update_one({{"_id", beat.worker_id}}, {{"$set", fields}}, true);
  } catch (const Error& e) {
    // Two first beats of one worker id can race to insert: the loser updates.
    if (e.code() != ErrorCode::INTERNAL) throw;
    workers.update_one({{"_id", beat.worker_id}}, {{"$set", fields}}, false);
  }
}

std::vector<WorkerBeat> MongoJobStore::worker_beats(TimeMs since) {
  Collection workers(*pool_, mongo::kWorkersCollection);
  std::vector<WorkerBeat> beats;
  for (const auto& doc : workers.find({{"last_seen", {{"$gte", since}}}}, {{{"_id", 1}}})) {
    std::optional<std::string> job_id;
    if (const auto& j = doc.at("job_id"); !j.is_null()) job_id = j.get<std::string>();
    beats.push_back({doc.at("_id").get<std::string>(), doc.at("last_seen").get<TimeMs>(), job_id});
  }
  return beats;
}

void MongoJobStore::ping() { pool_->ping(); }

}  // namespace deeptrace
