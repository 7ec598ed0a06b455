#include "api/config.hpp"

#include <CLI/CLI.hpp>
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>

#include "scoped_env.hpp"

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

TEST(api_config, DefaultsAndFlags) {
  Config c = parse({});
  EXPECT_EQ(c.port, 8080);
  EXPECT_EQ(c.max_upload_bytes, std::int64_t{1} << 30);
  Config d = parse({"--port", "9000", "--max-upload-bytes", "1234", "--log-level", "debug"});
  EXPECT_EQ(d.port, 9000);
  EXPECT_EQ(d.max_upload_bytes, 1234);
  EXPECT_EQ(d.log_level, log::Level::Debug);
}

TEST(api_config, PixelCapAndProbePool) {
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
  EXPECT_THROW(parse({"--max-pixels", "0"}), CLI::ValidationError);
  EXPECT_THROW(parse({"--probe-threads", "0"}), std::invalid_argument);
}

TEST(api_config, TempSweepAndStorageChecks) {
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
  EXPECT_THROW(parse({"--temp-max-age-s", "-1"}), CLI::ValidationError);
  EXPECT_THROW(parse({"--temp-sweep-interval-s", "0"}), std::invalid_argument);
  EXPECT_THROW(parse({"--min-free-bytes", "-5"}), std::invalid_argument);
}

TEST(api_config, ReadsEnvironment) {
  ::setenv("DEEPTRACE_PORT", "7001", 1);
  Config c = parse({});
  ::unsetenv("DEEPTRACE_PORT");
  EXPECT_EQ(c.port, 7001);
}

// The flags deeptrace-worker and deeptrace-admin share, with the same defaults.
TEST(api_config, SharedFlagsHaveOneDefault) {
  Config c = parse({});
  EXPECT_EQ(c.state_dir, flags::kDefaultStateDir);
  EXPECT_EQ(c.store_url, "");
  EXPECT_EQ(c.models_dir, flags::kDefaultModelsDir);
  EXPECT_EQ(c.log_level, log::Level::Info);
  ::setenv("DEEPTRACE_STATE", "/tmp/state-from-env", 1);
  ::setenv("DEEPTRACE_MODELS_DIR", "/tmp/models-from-env", 1);
  ::setenv("DEEPTRACE_LOG_LEVEL", "warn", 1);
  Config e = parse({});
  ::unsetenv("DEEPTRACE_STATE");
  ::unsetenv("DEEPTRACE_MODELS_DIR");
  ::unsetenv("DEEPTRACE_LOG_LEVEL");
  EXPECT_EQ(e.state_dir, "/tmp/state-from-env");
  EXPECT_EQ(e.models_dir, "/tmp/models-from-env");
  EXPECT_EQ(e.log_level, log::Level::Warn);
}

TEST(api_config, IoThreadsNewNames) {
  EXPECT_EQ(parse({}).io_thread_count, 0);
  EXPECT_TRUE(parse({}).deprecated_env.empty());
  EXPECT_EQ(parse({"--io-threads", "3"}).io_thread_count, 3);
  EXPECT_EQ(parse({"--io-threads", "3"}).io_threads(), 3);
  EXPECT_EQ(parse({"--threads", "5"}).io_thread_count, 5);  // the old flag spelling
  ScopedEnv io("DEEPTRACE_IO_THREADS", "6");
  Config c = parse({});
  EXPECT_EQ(c.io_thread_count, 6);
  EXPECT_TRUE(c.deprecated_env.empty());
  EXPECT_THROW(parse({"--io-threads", "257"}), std::invalid_argument);
}

TEST(api_config, IoThreadsOldEnvNameWorksWithWarning) {
  ScopedEnv old("DEEPTRACE_THREADS", "7");
  Config c = parse({});
  EXPECT_EQ(c.io_thread_count, 7);
  ASSERT_EQ(c.deprecated_env.size(), 1u);
  EXPECT_EQ(c.deprecated_env[0].old_name, "DEEPTRACE_THREADS");
  EXPECT_EQ(c.deprecated_env[0].new_name, "DEEPTRACE_IO_THREADS");
  EXPECT_TRUE(c.deprecated_env[0].used);
  ScopedEnv bad("DEEPTRACE_THREADS", "many");
  EXPECT_THROW(parse({}), std::invalid_argument);
}

TEST(api_config, IoThreadsNewEnvNameWinsOverOld) {
  ScopedEnv old("DEEPTRACE_THREADS", "7");
  ScopedEnv io("DEEPTRACE_IO_THREADS", "2");
  Config c = parse({});
  EXPECT_EQ(c.io_thread_count, 2);
  ASSERT_EQ(c.deprecated_env.size(), 1u);
  EXPECT_FALSE(c.deprecated_env[0].used);
  // A flag on the command line wins over both variables.
  EXPECT_EQ(parse({"--io-threads", "4"}).io_thread_count, 4);
}

TEST(api_config, RejectsInvalidValues) {
  EXPECT_THROW(parse({"--port", "70000"}), std::invalid_argument);
  EXPECT_THROW(parse({"--max-upload-bytes", "0"}), std::invalid_argument);
  EXPECT_THROW(parse({"--log-level", "loud"}), CLI::ValidationError);
  EXPECT_THROW(parse({"--web-dir", "/definitely/not/here"}), std::invalid_argument);
  EXPECT_THROW(parse({"--webhook-log-days", "0"}), std::invalid_argument);
  EXPECT_THROW(parse({"--limit-concurrent-jobs", "-1"}), std::invalid_argument);
}

TEST(api_config, WebhookLogRetentionAndQuotaDefaults) {
  Config c = parse({});
  EXPECT_EQ(c.webhook_log_days, 30);
  EXPECT_EQ(c.limit_uploads_per_minute, 60);
  EXPECT_EQ(parse({"--webhook-log-days", "7"}).webhook_log_days, 7);
  EXPECT_EQ(parse({"--limit-bytes-per-day", "0"}).limit_bytes_per_day, 0);
}

}  // namespace
}  // namespace deeptrace::api
