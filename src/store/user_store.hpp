#pragma once
// Users and their API keys. Keys are random and long, so they are stored as
// SHA-256 digests; the plain key is shown once, when it is created. Every
// backend passes the conformance suite in tests/store/user_store_test.cpp.
#include <optional>
#include <string>
#include <vector>

#include "core/job.hpp"

namespace deeptrace {

struct User {
  std::string id;
  std::string name;
  bool admin = false;
  TimeMs created_at = 0;
};

struct IssuedKey {
  User user;
  std::string key;  // plain text, only available here
};

class UserStore {
 public:
  virtual ~UserStore() = default;
  // Throws Error(INVALID_REQUEST) if the name exists.
  virtual IssuedKey add_user(const std::string& name, bool admin) = 0;
  virtual IssuedKey add_key(const std::string& user_name) = 0;  // another key for a user
  virtual std::optional<User> authenticate(const std::string& key) = 0;
  virtual std::optional<User> find_user(const std::string& name) = 0;
  virtual std::vector<User> list_users() = 0;
  virtual int revoke_keys(const std::string& user_name) = 0;
};

// Throws Error(INVALID_REQUEST) unless 1-64 of [A-Za-z0-9._@-].
void validate_user_name(const std::string& name);

// "dt_" + 64 hex characters.
std::string new_api_key();
std::string hash_api_key(const std::string& key);

}  // namespace deeptrace
