#pragma once
// Per-job mutual exclusion for read-check-write sequences on a job document.
//
// MongoDB applies a filtered update atomically, but FerretDB v1 (the test
// server) does not: it reads matching documents, then rewrites them by _id,
// so two concurrent updates of one job can both "match" and the later one
// silently undoes the earlier. Inserting a document with a unique _id is
// atomic on both servers, so every job write first inserts a lock document
// {_id: job id, token, expires_at}; a crashed holder's lock is taken over
// once it expires. The write itself stays fenced (its filter names the
// lease token), so on MongoDB the lock is belt and braces.
#include <chrono>
#include <optional>
#include <string>

#include "store/mongo/mongo_client.hpp"

namespace deeptrace::mongo {

class JobLocks;

// Held lock; released (deleted) when destroyed.
class JobLock {
 public:
  JobLock(JobLocks& locks, std::string job_id, std::string token);
  ~JobLock();
  JobLock(JobLock&& other) noexcept;
  JobLock(const JobLock&) = delete;
  JobLock& operator=(const JobLock&) = delete;
  JobLock& operator=(JobLock&&) = delete;

 private:
  JobLocks* locks_;
  std::string job_id_;
  std::string token_;
};

class JobLocks {
 public:
  static constexpr const char* kCollection = "job_locks";
  // Longer than any single read-check-write takes, even on a loaded server.
  static constexpr std::chrono::milliseconds kTimeToLive{10000};

  explicit JobLocks(Pool& pool) : pool_(pool) {}

  // nullopt: another process holds the job right now.
  std::optional<JobLock> try_acquire(const std::string& job_id);
  // Waits (with jittered sleeps) until the lock is free or its holder's
  // lock expired; throws Error(STORE_UNAVAILABLE) after kTimeToLive * 2.
  JobLock acquire(const std::string& job_id);
  void release(const std::string& job_id, const std::string& token);

 private:
  bool take_over_if_expired(Collection& locks, const std::string& job_id);

  Pool& pool_;
};

}  // namespace deeptrace::mongo
