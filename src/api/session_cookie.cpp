#include "api/session_cookie.hpp"

#include <openssl/crypto.h>

#include <boost/beast/core/string.hpp>

namespace deeptrace::api {

std::optional<std::string_view> bearer_token(std::string_view header) {
  constexpr std::string_view kScheme = "bearer";
  if (header.size() <= kScheme.size() || !boost::beast::iequals(header.substr(0, kScheme.size()), kScheme)) {
    return std::nullopt;
  }
  std::string_view rest = header.substr(kScheme.size());
  std::size_t token = rest.find_first_not_of(' ');
  if (token == 0 || token == std::string_view::npos) return std::nullopt;  // "Bearerx" or no token
  return rest.substr(token);
}

std::optional<std::string> cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    std::size_t end = header.find(';');
    std::string_view pair = header.substr(0, end);
    header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
    std::size_t start = pair.find_first_not_of(' ');
    if (start == std::string_view::npos) continue;
    pair = pair.substr(start);
    std::size_t equals = pair.find('=');
    if (equals == std::string_view::npos || pair.substr(0, equals) != name) continue;
    std::string_view value = pair.substr(equals + 1);
    while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
    return std::string(value);
  }
  return std::nullopt;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

namespace {

std::string cookie(const std::string& value, long long max_age_s, bool secure) {
  // Path=/ so the web UI's pages and the API share it; no Domain, so only
  // this host gets it.
  return std::string(kSessionCookie) + "=" + value + "; Path=/; Max-Age=" + std::to_string(max_age_s) +
         "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
}

}  // namespace

std::string session_cookie(const std::string& token, long long max_age_s, bool secure) {
  return cookie(token, max_age_s, secure);
}

std::string cleared_session_cookie(bool secure) { return cookie("", 0, secure); }

}  // namespace deeptrace::api
