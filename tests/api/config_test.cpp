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

TEST(Config, PixelCapAndProbePool) {
  Config c = parse({});
  EXPECT_EQ(c.max_pixels, media::kDefaultMaxPixels);
  EXPECT_EQ(c.probe_threads, 1);
  Config d = parse({"--max-pixels", "1000000", "--probe-threads", "3"});
  EXPECT_EQ(d.max_pixels, 1000000);
  EXPECT_EQ(d.probe_threads, 3);
  ::setenv("DEEPTRACE_MAX_PIXELS", "4096", 1);
  ::setenv("DEEPTRACE_PROBE_THREADS", "2", 1);
  Config e = parse({});
  ::unsetenv("DEEPTRACE_MAX_PIXELS");
  ::unsetenv("DEEPTRACE_PROBE_THREADS");
  EXPECT_EQ(e.max_pixels, 4096);
  EXPECT_EQ(e.probe_threads, 2);
  EXPECT_THROW(parse({"--max-pixels", "0"}), std::invalid_argument);
  EXPECT_THROW(parse({"--probe-threads", "0"}), std::invalid_argument);
}

TEST(Config, TempSweepAndStorageChecks) {
  Config c = parse({});
  EXPECT_EQ(c.temp_max_age_s, 3600);
  EXPECT_EQ(c.temp_sweep_interval_s, 300);
  EXPECT_EQ(c.min_free_bytes, std::int64_t{256} << 20);
  EXPECT_EQ(c.storage_check_interval_s, 5);
  Config d = parse({"--temp-max-age-s", "0", "--temp-sweep-interval-s", "2", "--min-free-bytes", "0",
                    "--storage-check-interval-s", "1"});
  EXPECT_EQ(d.temp_max_age_s, 0);
  EXPECT_EQ(d.temp_sweep_interval_s, 2);
  EXPECT_EQ(d.min_free_bytes, 0);
  EXPECT_EQ(d.storage_check_interval_s, 1);
  ::setenv("DEEPTRACE_MIN_FREE_BYTES", "12345", 1);
  Config e = parse({});
  ::unsetenv("DEEPTRACE_MIN_FREE_BYTES");
  EXPECT_EQ(e.min_free_bytes, 12345);
  EXPECT_THROW(parse({"--temp-max-age-s", "-1"}), std::invalid_argument);
  EXPECT_THROW(parse({"--temp-sweep-interval-s", "0"}), std::invalid_argument);
  EXPECT_THROW(parse({"--min-free-bytes", "-5"}), std::invalid_argument);
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
