#include "api/session_cookie.hpp"

#include <gtest/gtest.h>

namespace deeptrace::api {
namespace {

TEST(SessionCookie, FindsTheNamedCookieAmongOthers) {
  EXPECT_EQ(cookie_value("dt_session=dts_abc", "dt_session"), "dts_abc");
  EXPECT_EQ(cookie_value("theme=dark; dt_session=dts_abc; x=1", "dt_session"), "dts_abc");
  EXPECT_EQ(cookie_value("theme=dark;dt_session=dts_abc ", "dt_session"), "dts_abc");
  EXPECT_FALSE(cookie_value("xdt_session=1; dt_sessionx=2", "dt_session").has_value());
  EXPECT_FALSE(cookie_value("", "dt_session").has_value());
  EXPECT_FALSE(cookie_value(";;  ; dt_session", "dt_session").has_value());
  EXPECT_EQ(cookie_value("dt_session=", "dt_session"), "");
}

TEST(SessionCookie, SetCookieValuesCarryTheProtectiveAttributes) {
  EXPECT_EQ(session_cookie("dts_x", 60, false), "dt_session=dts_x; Path=/; Max-Age=60; HttpOnly; SameSite=Strict");
  EXPECT_EQ(cleared_session_cookie(true), "dt_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict; Secure");
}

TEST(SessionCookie, ComparesSecretsExactly) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "ab"));
  EXPECT_FALSE(constant_time_equal("", "a"));
}

}  // namespace
}  // namespace deeptrace::api
