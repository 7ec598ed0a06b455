#include "api/router.hpp"

#include "api/filename.hpp"

namespace deeptrace::api {
namespace {

std::vector<std::string_view> split_segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos <= path.size()) {
    size_t slash = path.find('/', pos);
    if (slash == std::string_view::npos) slash = path.size();
    out.push_back(path.substr(pos, slash - pos));
    pos = slash + 1;
  }
  return out;
}

bool match_pattern(std::string_view pattern, std::string_view path,
                   std::map<std::string, std::string>& params) {
  auto want = split_segments(pattern);
  auto have = split_segments(path);
  if (want.size() != have.size()) return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < want.size(); ++i) {
    bool is_param = want[i].size() > 2 && want[i].front() == '{' && want[i].back() == '}';
    if (is_param) {
      if (have[i].empty()) return false;
      found[std::string(want[i].substr(1, want[i].size() - 2))] = percent_decode(have[i]);
    } else if (want[i] != have[i]) {
      return false;
    }
  }
  params = std::move(found);
  return true;
}

}  // namespace

RouteMatch match_route(std::span<const Route> table, std::string_view method, std::string_view path) {
  RouteMatch result;
  for (const Route& route : table) {
    std::map<std::string, std::string> params;
    if (!match_pattern(route.pattern, path, params)) continue;
    if (route.method == method) {
      result.kind = RouteMatch::Kind::Found;
      result.route = &route;
      result.params = std::move(params);
      return result;
    }
    result.kind = RouteMatch::Kind::MethodNotAllowed;
    result.allowed_methods.emplace_back(route.method);
  }
  return result;
}

}  // namespace deeptrace::api
