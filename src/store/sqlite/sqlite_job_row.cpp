#include "store/sqlite/sqlite_job_row.hpp"

namespace deeptrace::sqlite {
namespace {

enum Column {
  kId, kOwner, kStatus, kPriority, kAttempts, kMaxAttempts, kLeaseId, kLeaseOwner,
  kLeaseExpiresAt, kCancelRequested, kIdempotencyKey, kRunAfter, kCreatedAt, kUpdatedAt,
  kStartedAt, kFinishedAt, kMedia, kOptions, kProgress, kResult, kError, kErrorHistory
};

std::optional<Json> optional_json(const Statement& row, int column) {
  if (row.is_null(column)) return std::nullopt;
  return Json::parse(row.text(column));
}

std::optional<Lease> lease_from_row(const Statement& row) {
  if (row.is_null(kLeaseId)) return std::nullopt;
  return Lease{row.text(kLeaseId), row.text(kLeaseOwner), row.int64(kLeaseExpiresAt)};
}

}  // namespace

Job job_from_row(const Statement& row) {
  Job job;
  job.id = row.text(kId);
  job.owner = row.text(kOwner);
  auto status = parse_status(row.text(kStatus));
  if (!status) throw Error(ErrorCode::INTERNAL, "job " + job.id + " has an unknown status");
  job.status = *status;
  job.priority = row.int32(kPriority);
  job.attempts = row.int32(kAttempts);
  job.max_attempts = row.int32(kMaxAttempts);
  job.lease = lease_from_row(row);
  job.cancel_requested = row.int64(kCancelRequested) != 0;
  job.idempotency_key = row.optional_text(kIdempotencyKey);
  job.run_after = row.int64(kRunAfter);
  job.created_at = row.int64(kCreatedAt);
  job.updated_at = row.int64(kUpdatedAt);
  job.started_at = row.optional_int64(kStartedAt);
  job.finished_at = row.optional_int64(kFinishedAt);
  job.media = media_from_json(Json::parse(row.text(kMedia)));
  job.options = options_from_json(Json::parse(row.text(kOptions)));
  job.progress = progress_from_json(Json::parse(row.text(kProgress)));
  job.result = optional_json(row, kResult);
  if (auto error = optional_json(row, kError)) job.error = error_from_json(*error);
  job.error_history = error_history_from_json(Json::parse(row.text(kErrorHistory)));
  return job;
}

void write_job_state(Connection& connection, const Job& job) {
  Statement update(connection,
                   "UPDATE jobs SET status=?1, attempts=?2, lease_id=?3, lease_owner=?4, lease_expires_at=?5, "
                   "cancel_requested=?6, run_after=?7, updated_at=?8, started_at=?9, finished_at=?10, "
                   "progress=?11, result=?12, error=?13, error_history=?14 WHERE id=?15");
  update.bind(1, status_name(job.status)).bind(2, job.attempts);
  if (job.lease) {
    update.bind(3, job.lease->id).bind(4, job.lease->owner).bind(5, job.lease->expires_at);
  } else {
    update.bind_null(3).bind_null(4).bind_null(5);
  }
  update.bind(6, job.cancel_requested).bind(7, job.run_after).bind(8, job.updated_at);
  update.bind(9, job.started_at).bind(10, job.finished_at);
  update.bind(11, progress_to_json(job.progress).dump());
  std::optional<std::string> result;
  if (job.result) result = job.result->dump();
  std::optional<std::string> error;
  if (job.error) error = error_to_json(*job.error).dump();
  update.bind(12, result).bind(13, error).bind(14, error_history_to_json(job.error_history).dump());
  update.bind(15, job.id);
  if (update.run() != 1) throw Error(ErrorCode::INTERNAL, "job " + job.id + " vanished inside its transaction");
}

}  // namespace deeptrace::sqlite
