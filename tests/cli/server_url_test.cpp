#include <gtest/gtest.h>

#include "cli/cli_error.hpp"
#include "cli/server_url.hpp"

namespace deeptrace::cli {
namespace {

TEST(ServerUrl, ParsesHostPortAndPath) {
  ServerUrl url = parse_server_url("http://127.0.0.1:8080/deeptrace/");
  EXPECT_EQ(url.host, "127.0.0.1");
  EXPECT_EQ(url.port, "8080");
  EXPECT_EQ(url.base_path, "/deeptrace");
  EXPECT_EQ(url.target("/api/v1/jobs"), "/deeptrace/api/v1/jobs");
  EXPECT_EQ(url.report_page("j1"), "http://127.0.0.1:8080/deeptrace/jobs/j1");
  EXPECT_EQ(url.host_header(), "127.0.0.1:8080");
}

TEST(ServerUrl, DefaultsToPort80AndAcceptsNoScheme) {
  ServerUrl url = parse_server_url("HTTP://example.org");
  EXPECT_EQ(url.port, "80");
  EXPECT_EQ(url.origin(), "http://example.org");
  EXPECT_EQ(url.target("/x"), "/x");
  EXPECT_EQ(parse_server_url("localhost:9000").port, "9000");
}

TEST(ServerUrl, ParsesBracketedIpv6) {
  ServerUrl url = parse_server_url("http://[::1]:8081");
  EXPECT_EQ(url.host, "::1");
  EXPECT_EQ(url.port, "8081");
  EXPECT_EQ(url.origin(), "http://[::1]:8081");
}

TEST(ServerUrl, RejectsWhatItCannotServe) {
  for (const char* bad : {"https://example.org", "ftp://x", "http://", "http://:80", "http://h:port", "http://h:99999",
                          "http://h:", "::1", "http://[::1", "http://h/x?y=1"}) {
    try {
      parse_server_url(bad);
      ADD_FAILURE() << bad << " was accepted";
    } catch (const CliError& e) {
      EXPECT_EQ(e.exit_code(), ExitCode::Usage) << bad;
    }
  }
}

TEST(ServerUrl, PercentEncodesReservedBytes) {
  EXPECT_EQ(percent_encode("a b/ü.mp4"), "a%20b%2F%C3%BC.mp4");
  EXPECT_EQ(percent_encode("Az09-._~"), "Az09-._~");
}

}  // namespace
}  // namespace deeptrace::cli
