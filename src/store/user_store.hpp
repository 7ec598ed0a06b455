#pragma once
// Users and their API keys. Keys are random and long, so they are stored as
// SHA-256 digests; the plain key is shown once, when it is created. Every
// backend passes the conformance suite in tests/store/user_store_test.cpp.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/job.hpp"

namespace deeptrace {

// Per-user overrides of the server's default quotas (api::Config); nullopt
// keeps the default. 0 means no limit, as it does for the defaults.
struct UserLimits {
  std::optional<std::int64_t> uploads_per_minute;
  std::optional<std::int64_t> concurrent_jobs;  // PENDING or PROCESSING at once
  std::optional<std::int64_t> bytes_per_day;    // uploaded in any 24 h
  bool operator==(const UserLimits&) const = default;
};

// A user's own quotas by their API names (docs/api.md), as the admin API and
// deeptrace-admin show them: {"uploads_per_minute": n | null, ...}, null
// keeping the server's default.
Json quota_overrides_json(const UserLimits& limits);

struct User {
  std::string id;
  std::string name;
  bool admin = false;
  TimeMs created_at = 0;
  UserLimits limits{};
};

// An API key as its owner sees it: never the secret.
struct ApiKey {
  std::string id;    // the first 16 hex digits of the key's SHA-256: public and stable
  std::string name;  // empty for keys made by deeptrace-admin
  TimeMs created_at = 0;
  std::optional<TimeMs> expires_at;    // from then on it no longer authenticates
  std::optional<TimeMs> last_used_at;  // to within kLastUsedResolutionMs
};

struct IssuedKey {
  User user;
  std::string key;  // plain text, only available here
  ApiKey info;
};

// A browser's sign-in: a random token in an HttpOnly cookie stands for one
// API key until it expires, is ended, or the key is revoked or expires.
struct Session {
  User user;
  std::string key_id;      // ApiKey::id of the key it stands for
  std::string csrf_token;  // state-changing requests must echo it in a header
  TimeMs expires_at = 0;
};

struct IssuedSession {
  std::string token;  // "dts_" + 64 hex; stored as its SHA-256 only
  Session session;
};

// authenticate() writes last_used_at at most this often per key, so a busy
// client does not turn every request into a write.
inline constexpr TimeMs kLastUsedResolutionMs = 60'000;

class UserStore {
 public:
  virtual ~UserStore() = default;
  // Throws Error(INVALID_REQUEST) if the name exists.
  virtual IssuedKey add_user(const std::string& name, bool admin) = 0;
  virtual IssuedKey add_key(const std::string& user_name) = 0;  // another key for a user
  // A user's key with a name and an optional expiry (keys they make themselves).
  virtual IssuedKey create_key(const User& user, const std::string& name, std::optional<TimeMs> expires_at) = 0;
  // Not revoked (expired ones included), oldest first; keys made within the
  // same millisecond come in no set order.
  virtual std::vector<ApiKey> list_keys(const std::string& user_id) = 0;
  // False when the user has no such live key.
  virtual bool revoke_key(const std::string& user_id, const std::string& key_id) = 0;
  // The key's user, unless the key is unknown, revoked or expired; records
  // last_used_at.
  virtual std::optional<User> authenticate(const std::string& key) = 0;
  // A session for `key`; nullopt when the key does not authenticate.
  virtual std::optional<IssuedSession> create_session(const std::string& key, TimeMs expires_at) = 0;
  // nullopt for an unknown, expired or ended session, or one whose key no
  // longer authenticates; records the key's use like authenticate().
  virtual std::optional<Session> authenticate_session(const std::string& token) = 0;
  // False when there was no such session.
  virtual bool end_session(const std::string& token) = 0;
  virtual std::optional<User> find_user(const std::string& name) = 0;
  virtual std::vector<User> list_users() = 0;
  virtual int revoke_keys(const std::string& user_name) = 0;
  // Replaces the user's limit overrides; false when there is no such user.
  // Throws Error(INVALID_REQUEST) for a negative limit.
  virtual bool set_limits(const std::string& user_name, const UserLimits& limits) = 0;
};

// The longest user or key name.
inline constexpr std::size_t kMaxNameLength = 64;
// Throws Error(INVALID_REQUEST) unless 1-64 of [A-Za-z0-9._@-].
void validate_user_name(const std::string& name);
// Throws Error(INVALID_REQUEST) unless 1-64 printable ASCII characters.
void validate_key_name(const std::string& name);
// Throws Error(INVALID_REQUEST) if a limit is negative.
void validate_limits(const UserLimits& limits);

// "dt_" + 64 hex characters.
std::string new_api_key();
std::string hash_api_key(const std::string& key);
// ApiKey::id of a key, from its digest.
std::string key_id_of(const std::string& key_hash);
std::string new_session_token();

}  // namespace deeptrace
