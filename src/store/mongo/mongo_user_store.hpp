#pragma once
// UserStore on MongoDB: "users" (unique name) and "api_keys" (_id = the
// key's SHA-256, so authentication is a lookup by _id).
#include <memory>

#include "store/mongo/mongo_client.hpp"
#include "store/user_store.hpp"

namespace deeptrace {

class MongoUserStore final : public UserStore {
 public:
  explicit MongoUserStore(std::shared_ptr<mongo::Pool> pool);

  IssuedKey add_user(const std::string& name, bool admin) override;
  IssuedKey add_key(const std::string& user_name) override;
  IssuedKey create_key(const User& user, const std::string& name, std::optional<TimeMs> expires_at) override;
  std::vector<ApiKey> list_keys(const std::string& user_id) override;
  bool revoke_key(const std::string& user_id, const std::string& key_id) override;
  std::optional<User> authenticate(const std::string& key) override;
  std::optional<IssuedSession> create_session(const std::string& key, TimeMs expires_at) override;
  std::optional<Session> authenticate_session(const std::string& token) override;
  bool end_session(const std::string& token) override;
  std::optional<User> find_user(const std::string& name) override;
  std::vector<User> list_users() override;
  int revoke_keys(const std::string& user_name) override;
  bool set_limits(const std::string& user_name, const UserLimits& limits) override;

 private:
  std::optional<User> authenticate_digest(const std::string& digest);
  IssuedKey insert_key(const User& user, const std::string& name, std::optional<TimeMs> expires_at);
  std::optional<User> find_one_user(const Json& filter);

  std::shared_ptr<mongo::Pool> pool_;
};

}  // namespace deeptrace
