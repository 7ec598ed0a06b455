#pragma once
// UserStore in the same SQLite file as the jobs (users, api_keys tables).
#include <chrono>
#include <filesystem>
#include <mutex>

#include "store/sqlite/sqlite_util.hpp"
#include "store/user_store.hpp"

namespace deeptrace {

class SqliteUserStore final : public UserStore {
 public:
  explicit SqliteUserStore(const std::filesystem::path& file,
                           std::chrono::milliseconds busy_timeout = std::chrono::seconds(10));

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
  std::optional<User> find_user_locked(const std::string& name);
  std::optional<User> authenticate_digest_locked(const std::string& digest);
  IssuedKey insert_key(const User& user, const std::string& name, std::optional<TimeMs> expires_at);

  std::mutex mutex_;
  sqlite::Connection connection_;
};

}  // namespace deeptrace
