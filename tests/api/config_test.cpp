#include "api/config.hpp"

#include <CLI/CLI.hpp>
#include <gtest/gtest.h>

#include <cstdlib>

namespace deeptrace::api {
namespace {

Config parse(std::vector<std::string> args) {
  CLI::App app;
  ConfigDraft draft;
  add_config_flags(app, draft);
  std::reverse(args.begin(), args.end());
  app.parse(args);
  return finish_config(draft);
}

TEST(Config, DefaultsAndFlags) {
  Config c = parse({});
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.max_upload_bytes, std::int64_t{1} << 30);
  Config d = parse({"--port", "9000", "--max-upload-bytes", "1234", "--log-level", "debug"});
  EXPECT_EQ(d.port, 9000);
  EXPECT_EQ(d.max_upload_bytes, 1234);
  EXPECT_EQ(d.log_level, log::Level::Debug);
}

TEST(Config, ReadsEnvironment) {
  ::setenv("DEEPTRACE_PORT", "7001", 1);
  Config c = parse({});
  ::unsetenv("DEEPTRACE_PORT");
  EXPECT_EQ(c.port, 7001);
}

TEST(Config, RejectsInvalidValues) {
  EXPECT_THROW(parse({"--port", "70000"}), std::invalid_argument);
  EXPECT_THROW(parse({"--max-upload-bytes", "0"}), std::invalid_argument);
  EXPECT_THROW(parse({"--log-level", "loud"}), std::invalid_argument);
  EXPECT_THROW(parse({"--web-dir", "/definitely/not/here"}), std::invalid_argument);
}

}  // namespace
}  // namespace deeptrace::api
