#include "api/target.hpp"

#include "api/filename.hpp"

namespace deeptrace::api {

Target parse_target(std::string_view target) {
  Target out;
  size_t q = target.find('?');
  out.path = std::string(target.substr(0, q));
  if (q == std::string_view::npos) return out;
  std::string_view query = target.substr(q + 1);
  size_t pos = 0;
  while (pos <= query.size()) {
    size_t amp = query.find('&', pos);
    if (amp == std::string_view::npos) amp = query.size();
    std::string_view pair = query.substr(pos, amp - pos);
    if (!pair.empty()) {
      size_t eq = pair.find('=');
      std::string key = percent_decode(pair.substr(0, eq));
      std::string value = eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1));
      out.query[key] = value;
    }
    pos = amp + 1;
  }
  return out;
}

}  // namespace deeptrace::api
