#include "store/mongo/mongo_user_store.hpp"

#include <algorithm>

#include "core/random.hpp"
#include "core/time.hpp"

namespace deeptrace {
namespace {

using mongo::Collection;
using mongo::Ordered;

constexpr const char* kUsers = "users";
constexpr const char* kKeys = "api_keys";
constexpr const char* kSessions = "sessions";

// Absent (documents stored before the field existed) or null: none.
std::optional<std::int64_t> optional_int(const Json& doc, const char* field) {
  auto it = doc.find(field);
  if (it == doc.end() || it->is_null()) return std::nullopt;
  return it->get<std::int64_t>();
}

std::optional<TimeMs> optional_time(const Json& doc, const char* field) { return optional_int(doc, field); }

Json optional_json(const std::optional<std::int64_t>& value) { return value ? Json(*value) : Json(nullptr); }

UserLimits limits_from(const Json& doc) {
  Json limits = doc.value("limits", Json::object());
  return {optional_int(limits, "uploads_per_minute"), optional_int(limits, "concurrent_jobs"),
          optional_int(limits, "bytes_per_day")};
}

User user_from(const Json& doc) {
  return User{doc.at("_id").get<std::string>(), doc.at("name").get<std::string>(), doc.value("admin", false),
              doc.value("created_at", TimeMs{0}), limits_from(doc)};
}

}  // namespace

MongoUserStore::MongoUserStore(std::shared_ptr<mongo::Pool> pool) : pool_(std::move(pool)) {
  Collection users(*pool_, kUsers);
  users.create_indexes(Ordered::array({Ordered{{"key", {{"name", 1}}}, {"name", "name"}, {"unique", true}}}));
  Collection keys(*pool_, kKeys);
  keys.create_indexes(Ordered::array({Ordered{{"key", {{"user_id", 1}}}, {"name", "user"}}}));
}

IssuedKey MongoUserStore::add_user(const std::string& name, bool admin) {
  validate_user_name(name);
  User user{random_hex(16), name, admin, now_ms()};
  Collection users(*pool_, kUsers);
  // The unique index on name decides between concurrent adds of one name.
  if (!users.insert_one({{"_id", user.id}, {"name", name}, {"admin", admin}, {"created_at", user.created_at}})) {
    throw Error(ErrorCode::USER_EXISTS, "user '" + name + "' already exists");
  }
  return insert_key(user, "", std::nullopt);
}

IssuedKey MongoUserStore::add_key(const std::string& user_name) {
  auto user = find_user(user_name);
  if (!user) throw Error(ErrorCode::INVALID_REQUEST, "no user named '" + user_name + "'");
  return insert_key(*user, "", std::nullopt);
}

IssuedKey MongoUserStore::create_key(const User& user, const std::string& name, std::optional<TimeMs> expires_at) {
  validate_key_name(name);
  return insert_key(user, name, expires_at);
}

IssuedKey MongoUserStore::insert_key(const User& user, const std::string& name, std::optional<TimeMs> expires_at) {
  IssuedKey issued{user, new_api_key(), {}};
  const std::string digest = hash_api_key(issued.key);
  issued.info = ApiKey{key_id_of(digest), name, now_ms(), expires_at, std::nullopt};
  Collection keys(*pool_, kKeys);
  keys.insert_one({{"_id", digest},
                   {"user_id", user.id},
                   {"created_at", issued.info.created_at},
                   {"revoked_at", nullptr},
                   {"name", name},
                   {"expires_at", optional_json(expires_at)},
                   {"last_used_at", nullptr}});
  return issued;
}

std::vector<ApiKey> MongoUserStore::list_keys(const std::string& user_id) {
  Collection keys(*pool_, kKeys);
  std::vector<ApiKey> result;
  for (const auto& doc : keys.find({{"user_id", user_id}, {"revoked_at", nullptr}}, {{{"created_at", 1}, {"_id", 1}}})) {
    result.push_back({key_id_of(doc.at("_id").get<std::string>()), doc.value("name", ""),
                      doc.value("created_at", TimeMs{0}), optional_time(doc, "expires_at"),
                      optional_time(doc, "last_used_at")});
  }
  return result;
}

bool MongoUserStore::revoke_key(const std::string& user_id, const std::string& key_id) {
  // The id is a prefix of the stored digest; only hex digits reach the pattern.
  bool hex = key_id.size() == 16 && std::all_of(key_id.begin(), key_id.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
             });
  if (!hex) return false;
  Collection keys(*pool_, kKeys);
  return keys.update_one({{"user_id", user_id}, {"revoked_at", nullptr}, {"_id", {{"$regex", "^" + key_id}}}},
                         {{"$set", {{"revoked_at", now_ms()}}}}) > 0;
}

std::optional<User> MongoUserStore::authenticate(const std::string& key) {
  // Hashing first means the lookup never compares secrets byte by byte.
  return authenticate_digest(hash_api_key(key));
}

std::optional<IssuedSession> MongoUserStore::create_session(const std::string& key, TimeMs expires_at) {
  const std::string key_digest = hash_api_key(key);
  auto user = authenticate_digest(key_digest);
  if (!user) return std::nullopt;
  IssuedSession issued{new_session_token(), Session{*user, key_id_of(key_digest), random_hex(32), expires_at}};
  Collection sessions(*pool_, kSessions);
  sessions.delete_many({{"expires_at", {{"$lte", now_ms()}}}});
  sessions.insert_one({{"_id", hash_api_key(issued.token)},
                       {"key_hash", key_digest},
                       {"csrf_token", issued.session.csrf_token},
                       {"created_at", now_ms()},
                       {"expires_at", expires_at}});
  return issued;
}

std::optional<Session> MongoUserStore::authenticate_session(const std::string& token) {
  Collection sessions(*pool_, kSessions);
  auto found = sessions.find_one({{"_id", hash_api_key(token)}});
  if (!found || found->value("expires_at", TimeMs{0}) <= now_ms()) return std::nullopt;
  const std::string key_digest = found->at("key_hash").get<std::string>();
  auto user = authenticate_digest(key_digest);
  if (!user) return std::nullopt;
  return Session{*user, key_id_of(key_digest), found->at("csrf_token").get<std::string>(),
                 found->at("expires_at").get<TimeMs>()};
}

bool MongoUserStore::end_session(const std::string& token) {
  Collection sessions(*pool_, kSessions);
  return sessions.delete_one({{"_id", hash_api_key(token)}}) > 0;
}

std::optional<User> MongoUserStore::authenticate_digest(const std::string& digest) {
  Collection keys(*pool_, kKeys);
  auto found = keys.find_one({{"_id", digest}});
  if (!found || !found->at("revoked_at").is_null()) return std::nullopt;
  const TimeMs now = now_ms();
  if (auto expires = optional_time(*found, "expires_at"); expires && *expires <= now) return std::nullopt;
  auto user = find_one_user({{"_id", found->at("user_id")}});
  if (user && optional_time(*found, "last_used_at").value_or(0) < now - kLastUsedResolutionMs) {
    try {
      keys.update_one({{"_id", digest}}, {{"$set", {{"last_used_at", now}}}});
    } catch (const Error&) {
      // Best effort, as in SQLite: recording the use never refuses a valid key.
    }
  }
  return user;
}

std::optional<User> MongoUserStore::find_user(const std::string& name) { return find_one_user({{"name", name}}); }

std::optional<User> MongoUserStore::find_one_user(const Json& filter) {
  Collection users(*pool_, kUsers);
  auto doc = users.find_one(filter);
  if (!doc) return std::nullopt;
  return user_from(*doc);
}

std::vector<User> MongoUserStore::list_users() {
  Collection users(*pool_, kUsers);
  std::vector<User> result;
  for (const auto& doc : users.find(Json::object(), {{{"name", 1}}})) result.push_back(user_from(doc));
  return result;
}

int MongoUserStore::revoke_keys(const std::string& user_name) {
  auto user = find_user(user_name);
  if (!user) return 0;
  Collection keys(*pool_, kKeys);
  auto revoked = keys.update_many({{"user_id", user->id}, {"revoked_at", nullptr}}, {{"$set", {{"revoked_at", now_ms()}}}});
  return static_cast<int>(revoked);
}

bool MongoUserStore::set_limits(const std::string& user_name, const UserLimits& limits) {
  validate_limits(limits);
  Json fields = {{"uploads_per_minute", optional_json(limits.uploads_per_minute)},
                 {"concurrent_jobs", optional_json(limits.concurrent_jobs)},
                 {"bytes_per_day", optional_json(limits.bytes_per_day)}};
  Collection users(*pool_, kUsers);
  return users.update_one({{"name", user_name}}, {{"$set", {{"limits", fields}}}}) > 0;
}

}  // namespace deeptrace
