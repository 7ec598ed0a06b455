#pragma once
// Sets an environment variable for one scope, unset after it (configuration
// tests read DEEPTRACE_* variables).
#include <cstdlib>

namespace deeptrace {

class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) { ::setenv(name, value, 1); }
  ~ScopedEnv() { ::unsetenv(name_); }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
};

}  // namespace deeptrace
