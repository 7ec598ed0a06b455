#include "store/sqlite/sqlite_user_store.hpp"

#include <algorithm>
#include <cctype>

#include "core/random.hpp"
#include "core/sha256.hpp"
#include "core/time.hpp"
#include "store/sqlite/sqlite_schema.hpp"

namespace deeptrace {
namespace {

using sqlite::ImmediateTransaction;
using sqlite::Statement;

// Every query that makes a User selects these, in this order (prefixed by
// the users table's alias where it joins).
std::string user_columns(const std::string& alias = "") {
  std::string columns;
  for (const char* column : {"id", "name", "admin", "created_at", "uploads_per_minute", "concurrent_jobs", "bytes_per_day"}) {
    columns += (columns.empty() ? "" : ", ") + alias + column;
  }
  return columns;
}

User user_from_row(const Statement& row) {
  return User{row.text(0), row.text(1), row.int64(2) != 0, row.int64(3),
              UserLimits{row.optional_int64(4), row.optional_int64(5), row.optional_int64(6)}};
}

}  // namespace

std::string new_api_key() { return "dt_" + random_hex(32); }

std::string hash_api_key(const std::string& key) { return sha256_hex(key); }

std::string key_id_of(const std::string& key_hash) { return key_hash.substr(0, 16); }

std::string new_session_token() { return "dts_" + random_hex(32); }

SqliteUserStore::SqliteUserStore(const std::filesystem::path& file, std::chrono::milliseconds busy_timeout)
    : connection_(file, busy_timeout) {
  sqlite::migrate(connection_);
}

IssuedKey SqliteUserStore::add_user(const std::string& name, bool admin) {
  validate_user_name(name);
  std::lock_guard lock(mutex_);
  ImmediateTransaction tx(connection_);
  if (find_user_locked(name)) throw Error(ErrorCode::USER_EXISTS, "user '" + name + "' already exists");
  User user{random_hex(16), name, admin, now_ms()};
  Statement insert(connection_, "INSERT INTO users (id, name, admin, created_at) VALUES (?1, ?2, ?3, ?4)");
  insert.bind(1, user.id).bind(2, user.name).bind(3, user.admin).bind(4, user.created_at).run();
  IssuedKey issued = insert_key(user, "", std::nullopt);
  tx.commit();
  return issued;
}

IssuedKey SqliteUserStore::add_key(const std::string& user_name) {
  std::lock_guard lock(mutex_);
  ImmediateTransaction tx(connection_);
  auto user = find_user_locked(user_name);
  if (!user) throw Error(ErrorCode::INVALID_REQUEST, "no user named '" + user_name + "'");
  IssuedKey issued = insert_key(*user, "", std::nullopt);
  tx.commit();
  return issued;
}

IssuedKey SqliteUserStore::create_key(const User& user, const std::string& name, std::optional<TimeMs> expires_at) {
  validate_key_name(name);
  std::lock_guard lock(mutex_);
  return insert_key(user, name, expires_at);
}

IssuedKey SqliteUserStore::insert_key(const User& user, const std::string& name, std::optional<TimeMs> expires_at) {
  IssuedKey issued{user, new_api_key(), {}};
  const std::string digest = hash_api_key(issued.key);
  issued.info = ApiKey{key_id_of(digest), name, now_ms(), expires_at, std::nullopt};
  Statement insert(connection_,
                   "INSERT INTO api_keys (key_hash, user_id, created_at, name, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.bind(1, digest).bind(2, user.id).bind(3, issued.info.created_at).bind(4, name).bind(5, expires_at).run();
  return issued;
}

std::vector<ApiKey> SqliteUserStore::list_keys(const std::string& user_id) {
  std::lock_guard lock(mutex_);
  Statement select(connection_,
                   "SELECT key_hash, name, created_at, expires_at, last_used_at FROM api_keys "
                   "WHERE user_id=?1 AND revoked_at IS NULL ORDER BY created_at, rowid");
  select.bind(1, user_id);
  std::vector<ApiKey> keys;
  while (select.step())
    keys.push_back({key_id_of(select.text(0)), select.text(1), select.int64(2), select.optional_int64(3),
                    select.optional_int64(4)});
  return keys;
}

bool SqliteUserStore::revoke_key(const std::string& user_id, const std::string& key_id) {
  if (key_id.size() != 16) return false;
  std::lock_guard lock(mutex_);
  Statement update(connection_,
                   "UPDATE api_keys SET revoked_at=?1 WHERE user_id=?2 AND revoked_at IS NULL AND substr(key_hash,1,16)=?3");
  return update.bind(1, now_ms()).bind(2, user_id).bind(3, key_id).run() > 0;
}

std::optional<User> SqliteUserStore::authenticate(const std::string& key) {
  // Hashing first means the lookup never compares secrets byte by byte.
  std::string digest = hash_api_key(key);
  std::lock_guard lock(mutex_);
  return authenticate_digest_locked(digest);
}

std::optional<User> SqliteUserStore::authenticate_digest_locked(const std::string& digest) {
  const TimeMs now = now_ms();
  Statement select(connection_,
                   "SELECT " + user_columns("u.") + " FROM api_keys k JOIN users u ON u.id=k.user_id "
                   "WHERE k.key_hash=?1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at>?2)");
  select.bind(1, digest).bind(2, now);
  if (!select.step()) return std::nullopt;
  User user = user_from_row(select);
  select.reset();
  try {
    Statement used(connection_,
                   "UPDATE api_keys SET last_used_at=?1 WHERE key_hash=?2 AND (last_used_at IS NULL OR last_used_at<?3)");
    used.bind(1, now).bind(2, digest).bind(3, now - kLastUsedResolutionMs).run();
  } catch (const Error&) {
    // Best effort: a full disk or a busy database must not refuse a valid
    // key (the request's own writes report that, with their own reason).
  }
  return user;
}

std::optional<IssuedSession> SqliteUserStore::create_session(const std::string& key, TimeMs expires_at) {
  const std::string key_digest = hash_api_key(key);
  std::lock_guard lock(mutex_);
  auto user = authenticate_digest_locked(key_digest);
  if (!user) return std::nullopt;
  IssuedSession issued{new_session_token(), Session{*user, key_id_of(key_digest), random_hex(32), expires_at}};
  Statement sweep(connection_, "DELETE FROM sessions WHERE expires_at<=?1");
  sweep.bind(1, now_ms()).run();
  Statement insert(connection_,
                   "INSERT INTO sessions (token_hash, key_hash, csrf_token, created_at, expires_at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5)");
  insert.bind(1, hash_api_key(issued.token)).bind(2, key_digest).bind(3, issued.session.csrf_token);
  insert.bind(4, now_ms()).bind(5, expires_at).run();
  return issued;
}

std::optional<Session> SqliteUserStore::authenticate_session(const std::string& token) {
  const std::string digest = hash_api_key(token);
  std::lock_guard lock(mutex_);
  Statement select(connection_, "SELECT key_hash, csrf_token, expires_at FROM sessions WHERE token_hash=?1 AND expires_at>?2");
  select.bind(1, digest).bind(2, now_ms());
  if (!select.step()) return std::nullopt;
  const std::string key_digest = select.text(0);
  Session session{{}, key_id_of(key_digest), select.text(1), select.int64(2)};
  select.reset();
  auto user = authenticate_digest_locked(key_digest);
  if (!user) return std::nullopt;
  session.user = *user;
  return session;
}

bool SqliteUserStore::end_session(const std::string& token) {
  std::lock_guard lock(mutex_);
  Statement remove(connection_, "DELETE FROM sessions WHERE token_hash=?1");
  return remove.bind(1, hash_api_key(token)).run() > 0;
}

std::optional<User> SqliteUserStore::find_user(const std::string& name) {
  std::lock_guard lock(mutex_);
  return find_user_locked(name);
}

std::optional<User> SqliteUserStore::find_user_locked(const std::string& name) {
  Statement select(connection_, "SELECT " + user_columns() + " FROM users WHERE name=?1");
  select.bind(1, name);
  if (!select.step()) return std::nullopt;
  return user_from_row(select);
}

std::vector<User> SqliteUserStore::list_users() {
  std::lock_guard lock(mutex_);
  Statement select(connection_, "SELECT " + user_columns() + " FROM users ORDER BY name");
  std::vector<User> users;
  while (select.step()) users.push_back(user_from_row(select));
  return users;
}

int SqliteUserStore::revoke_keys(const std::string& user_name) {
  std::lock_guard lock(mutex_);
  Statement update(connection_,
                   "UPDATE api_keys SET revoked_at=?1 WHERE revoked_at IS NULL AND "
                   "user_id=(SELECT id FROM users WHERE name=?2)");
  return update.bind(1, now_ms()).bind(2, user_name).run();
}

bool SqliteUserStore::set_limits(const std::string& user_name, const UserLimits& limits) {
  validate_limits(limits);
  std::lock_guard lock(mutex_);
  Statement update(connection_,
                   "UPDATE users SET uploads_per_minute=?1, concurrent_jobs=?2, bytes_per_day=?3 WHERE name=?4");
  update.bind(1, limits.uploads_per_minute).bind(2, limits.concurrent_jobs).bind(3, limits.bytes_per_day);
  return update.bind(4, user_name).run() > 0;
}

}  // namespace deeptrace
