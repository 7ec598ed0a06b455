#pragma once
// Read-only share links to one job's report (GET /api/v1/shared/{token}).
// A link is an unguessable token (256 random bits) stored as its SHA-256
// only; it lives until it expires, its owner revokes it, or the job goes.
// Every backend passes tests/store/share_store_test.cpp.
#include <optional>
#include <string>
#include <vector>

#include "core/job.hpp"

namespace deeptrace {

struct ShareLink {
  std::string id;  // the first 16 hex digits of the token's SHA-256: public and stable
  std::string job_id;
  std::string owner;
  TimeMs created_at = 0;
  std::optional<TimeMs> expires_at;
};

struct IssuedShare {
  std::string token;  // "dtshr_" + 64 hex; only available here
  ShareLink link;
};

class ShareStore {
 public:
  virtual ~ShareStore() = default;
  virtual IssuedShare create(const std::string& job_id, const std::string& owner, std::optional<TimeMs> expires_at) = 0;
  // The job's live links (expired ones included, until revoked), oldest first.
  virtual std::vector<ShareLink> list(const std::string& job_id, const std::string& owner) = 0;
  // False when the owner has no such live link on that job.
  virtual bool revoke(const std::string& job_id, const std::string& owner, const std::string& share_id) = 0;
  // The link a token opens, unless unknown, revoked or expired.
  virtual std::optional<ShareLink> resolve(const std::string& token) = 0;
  // Forgets every link to a deleted job.
  virtual void remove_for_job(const std::string& job_id) = 0;
};

std::string new_share_token();

}  // namespace deeptrace
