// Lease rules every backend shares (declared in job_store.hpp), so SQLite and
// MongoDB record a lost worker in exactly the same words.
#include "store/job_store.hpp"

namespace deeptrace {

JobError lost_lease_error(bool retried) {
  if (retried) {
    return {ErrorCode::WORKER_LOST, "the job's lease expired (worker crashed or hung); the job was claimed again",
            true};
  }
  return {ErrorCode::WORKER_LOST, "the job's lease expired with no attempts left (worker crashed or hung)", false};
}

}  // namespace deeptrace
