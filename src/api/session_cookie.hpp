#pragma once
// How a request carries its credentials: "Authorization: Bearer <key>" for
// programs, or for browsers the session cookie that POST /api/v1/session
// sets (HttpOnly, SameSite=Strict) plus the session's CSRF token in a header
// on state-changing requests (docs/api.md, "Sessions").
#include <optional>
#include <string>
#include <string_view>

namespace deeptrace::api {

inline constexpr std::string_view kSessionCookie = "dt_session";
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

// The credentials of "Authorization: Bearer <key>". The scheme name is
// case-insensitive (RFC 9110 section 11.1) and followed by one or more spaces.
std::optional<std::string_view> bearer_token(std::string_view header);
// The value of cookie `name` in a Cookie header ("a=1; b=2"), if present.
std::optional<std::string> cookie_value(std::string_view header, std::string_view name);
// Compares secrets in time that does not depend on where they differ.
bool constant_time_equal(std::string_view a, std::string_view b);
// Set-Cookie values: one that holds `token` for max_age_s, and one that clears it.
std::string session_cookie(const std::string& token, long long max_age_s, bool secure);
std::string cleared_session_cookie(bool secure);

}  // namespace deeptrace::api
