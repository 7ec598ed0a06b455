#include "store/mongo/mongo_job_lock.hpp"

#include <thread>

#include "core/random.hpp"
#include "core/time.hpp"

namespace deeptrace::mongo {
namespace {

void sleep_with_jitter() {
  // 1-4 ms: short, because locks are held for one round trip or two.
  std::this_thread::sleep_for(std::chrono::microseconds(1000 + static_cast<int>(random_unit() * 3000)));
}

}  // namespace

JobLock::JobLock(JobLocks& locks, std::string job_id, std::string token)
    : locks_(&locks), job_id_(std::move(job_id)), token_(std::move(token)) {}

JobLock::JobLock(JobLock&& other) noexcept
    : locks_(other.locks_), job_id_(std::move(other.job_id_)), token_(std::move(other.token_)) {
  other.locks_ = nullptr;
}

JobLock::~JobLock() {
  if (!locks_) return;
  try {
    locks_->release(job_id_, token_);
  } catch (const std::exception&) {
    // The server went away: the lock expires by itself.
  }
}

std::optional<JobLock> JobLocks::try_acquire(const std::string& job_id) {
  Collection locks(pool_, kCollection);
  std::string token = random_hex(12);
  for (int attempt = 0; attempt < 2; ++attempt) {
    Json doc = {{"_id", job_id}, {"token", token}, {"expires_at", now_ms() + kTimeToLive.count()}};
    if (locks.insert_one(doc)) return JobLock(*this, job_id, token);
    if (!take_over_if_expired(locks, job_id)) return std::nullopt;
  }
  return std::nullopt;
}

// A lock whose holder died stays until it expires; then it is deleted by
// token, so a lock re-taken in the meantime is left alone.
bool JobLocks::take_over_if_expired(Collection& locks, const std::string& job_id) {
  auto held = locks.find_one({{"_id", job_id}});
  if (!held) return true;  // released meanwhile: try again
  if (held->value("expires_at", TimeMs{0}) >= now_ms()) return false;
  locks.delete_one({{"_id", job_id}, {"token", held->value("token", "")}});
  return true;
}

JobLock JobLocks::acquire(const std::string& job_id) {
  TimeMs deadline = now_ms() + 2 * kTimeToLive.count();
  while (true) {
    if (auto lock = try_acquire(job_id)) return std::move(*lock);
    if (now_ms() > deadline) {
      throw Error(ErrorCode::STORE_UNAVAILABLE, "job " + job_id + " stayed locked too long");
    }
    sleep_with_jitter();
  }
}

void JobLocks::release(const std::string& job_id, const std::string& token) {
  Collection locks(pool_, kCollection);
  locks.delete_one({{"_id", job_id}, {"token", token}});
}

}  // namespace deeptrace::mongo
