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

Json error_record_json(const JobError& error, int attempt, TimeMs at) {
  Json entry = error_to_json(error);
  entry["attempt"] = attempt;
  entry["at"] = at;
  return entry;
}

}  // namespace deeptrace::sqlite
