#pragma once
// Mapping between a jobs-table row and the Job document, both ways.
#include <string_view>

#include "core/job.hpp"
#include "store/sqlite/sqlite_util.hpp"

namespace deeptrace::sqlite {

// The column list every job SELECT / RETURNING uses, in job_from_row's order.
inline constexpr std::string_view kJobColumns =
    "id, owner, status, priority, attempts, max_attempts, lease_id, lease_owner, "
    "lease_expires_at, cancel_requested, idempotency_key, run_after, created_at, updated_at, "
    "started_at, finished_at, media, options, progress, result, error, error_history";

Job job_from_row(const Statement& row);

// Stores every column the job state rules (job_rules.hpp) may change. The
// caller read the job in the same write transaction; throws Error(INTERNAL)
// if the row is gone.
void write_job_state(Connection& connection, const Job& job);

}  // namespace deeptrace::sqlite
