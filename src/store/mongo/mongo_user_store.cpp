#include "store/mongo/mongo_user_store.hpp"

#include "core/random.hpp"
#include "core/time.hpp"

namespace deeptrace {
namespace {

using mongo::Collection;
using mongo::Ordered;

constexpr const char* kUsers = "users";
constexpr const char* kKeys = "api_keys";

User user_from(const Json& doc) {
  return User{doc.at("_id").get<std::string>(), doc.at("name").get<std::string>(), doc.value("admin", false),
              doc.value("created_at", TimeMs{0})};
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
    throw Error(ErrorCode::INVALID_REQUEST, "user '" + name + "' already exists");
  }
  std::string key = insert_key(user.id);
  return {std::move(user), std::move(key)};
}

IssuedKey MongoUserStore::add_key(const std::string& user_name) {
  auto user = find_user(user_name);
  if (!user) throw Error(ErrorCode::INVALID_REQUEST, "no user named '" + user_name + "'");
  std::string key = insert_key(user->id);
  return {std::move(*user), std::move(key)};
}

std::string MongoUserStore::insert_key(const std::string& user_id) {
  std::string key = new_api_key();
  Collection keys(*pool_, kKeys);
  keys.insert_one({{"_id", hash_api_key(key)}, {"user_id", user_id}, {"created_at", now_ms()}, {"revoked_at", nullptr}});
  return key;
}

std::optional<User> MongoUserStore::authenticate(const std::string& key) {
  // Hashing first means the lookup never compares secrets byte by byte.
  Collection keys(*pool_, kKeys);
  auto found = keys.find_one({{"_id", hash_api_key(key)}});
  if (!found || !found->at("revoked_at").is_null()) return std::nullopt;
  return find_one_user({{"_id", found->at("user_id")}});
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

}  // namespace deeptrace
