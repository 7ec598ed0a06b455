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

JobPage MongoJobStore::list(const std::string& owner, int limit, const std::optional<std::string>& cursor) {
  if (cursor && !is_valid_job_id(*cursor)) throw Error(ErrorCode::INVALID_CURSOR);
  limit = std::clamp(limit, 1, kMaxPageSize);
  Json filter = {{"owner", owner}};
  if (cursor) filter["_id"] = {{"$lt", *cursor}};
  // Ids start with the creation time, so id order is newest-first order; one
  // extra document tells whether another page follows.
  Collection jobs(*pool_, mongo::kJobsCollection);
  JobPage page;
  page.jobs = jobs_from(jobs.find(filter, {{{"_id", -1}}, nullptr, limit + 1}));
  if (static_cast<int>(page.jobs.size()) > limit) {
    page.jobs.pop_back();
    page.next_cursor = page.jobs.back().id;
  }
  return page;
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
  for (const auto& doc : jobs.find(finished_before(cutoff), {nullptr, {{"media.sha256", 1}}})) {
    candidates.insert(doc.at("media").value("sha256", ""));
  }
  jobs.delete_many(finished_before(cutoff));
  std::vector<std::string> orphaned;
  for (const auto& sha : candidates) {
    if (!sha.empty() && !jobs.find_one({{"media.sha256", sha}}, {nullptr, {{"_id", 1}}})) orphaned.push_back(sha);
  }
  return orphaned;
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
