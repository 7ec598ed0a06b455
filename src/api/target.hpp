#pragma once
// A request target split into its path and decoded query parameters. Kept
// apart from the route table (whose handlers are coroutines) so the parsing
// library and its fuzz harness need no coroutine support.
#include <map>
#include <string>
#include <string_view>

namespace deeptrace::api {

struct Target {
  std::string path;
  std::map<std::string, std::string> query;
};

// Splits "/a/b?x=1&y=2" into path and decoded query parameters.
Target parse_target(std::string_view target);

}  // namespace deeptrace::api
