// The quota rules (api/quotas.hpp) on their own: which limit refuses an
// upload, with which code, and when a retry can pass.
#include "api/quotas.hpp"

#include <gtest/gtest.h>

namespace deeptrace::api {
namespace {

constexpr TimeMs kNow = 1'800'000'000'000;

UploadUsage uploads(std::int64_t jobs, std::int64_t bytes, TimeMs earliest) { return {jobs, bytes, earliest}; }

TEST(Quotas, NothingIsRefusedWithinTheLimitsOrWithLimitsOff) {
  EffectiveLimits limits{2, 2, 1000};
  QuotaUsage usage{uploads(1, 400, kNow - 10'000), uploads(1, 400, kNow - 10'000), 1};
  EXPECT_FALSE(check_upload(limits, usage, 600, kNow).has_value()) << "exactly at the byte quota fits";
  QuotaUsage heavy{uploads(100, 1 << 30, kNow - 1), uploads(100, 1 << 30, kNow - 1), 100};
  EXPECT_FALSE(check_upload(EffectiveLimits{}, heavy, 1 << 30, kNow).has_value()) << "0 is no limit";
}

TEST(Quotas, TheMinuteLimitRetriesWhenTheOldestUploadLeavesTheWindow) {
  QuotaUsage usage{uploads(3, 30, kNow - 45'500), {}, 0};
  auto refusal = check_upload(EffectiveLimits{3, 0, 0}, usage, 10, kNow);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->code, ErrorCode::RATE_LIMITED);
  EXPECT_EQ(refusal->limit, Limit::UploadsPerMinute);
  EXPECT_EQ(refusal->retry_after_s, 15) << "14.5 s, rounded up";
}

TEST(Quotas, ActiveJobsAreCheckedAfterTheRateAndBeforeBytes) {
  QuotaUsage usage{uploads(0, 0, kNow), uploads(5, 5000, kNow - 1000), 4};
  auto refusal = check_upload(EffectiveLimits{10, 4, 100}, usage, 10, kNow);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->code, ErrorCode::TOO_MANY_ACTIVE_JOBS);
  EXPECT_GT(refusal->retry_after_s, 0);
}

TEST(Quotas, TheDailyQuotaCountsTheIncomingFileAndNamesWhatWasUsed) {
  QuotaUsage usage{{}, uploads(2, 700, kNow - kDayMs + 5'000), 0};
  auto refusal = check_upload(EffectiveLimits{0, 0, 1000}, usage, 301, kNow);
  ASSERT_TRUE(refusal.has_value());
  EXPECT_EQ(refusal->code, ErrorCode::QUOTA_EXCEEDED);
  EXPECT_EQ(refusal->retry_after_s, 5);
  EXPECT_NE(refusal->message.find("700 bytes uploaded"), std::string::npos) << refusal->message;
  auto too_big = check_upload(EffectiveLimits{0, 0, 1000}, QuotaUsage{}, 1001, kNow);
  ASSERT_TRUE(too_big.has_value());
  EXPECT_NE(too_big->message.find("larger than the daily quota"), std::string::npos) << too_big->message;
}

TEST(Quotas, AUsersOverridesReplaceOnlyTheDefaultsTheySet) {
  Config config;
  config.limit_uploads_per_minute = 60;
  config.limit_concurrent_jobs = 100;
  config.limit_bytes_per_day = 5000;
  EffectiveLimits limits = effective_limits(config, UserLimits{std::nullopt, 0, 10});
  EXPECT_EQ(limits.uploads_per_minute, 60);
  EXPECT_EQ(limits.concurrent_jobs, 0);
  EXPECT_EQ(limits.bytes_per_day, 10);
  EXPECT_EQ(quotas_json(limits), (nlohmann::json{{"uploads_per_minute", 60}, {"concurrent_jobs", 0}, {"bytes_per_day", 10}}));
}

TEST(Quotas, TheRefusalErrorCarriesItsRetryAfter) {
  Error error = refusal_error(QuotaRefusal{Limit::BytesPerDay, ErrorCode::QUOTA_EXCEEDED, "full", 42});
  EXPECT_EQ(error.code(), ErrorCode::QUOTA_EXCEEDED);
  EXPECT_EQ(error.retry_after_s(), 42);
  EXPECT_TRUE(error.retryable());
  EXPECT_STREQ(error.what(), "full; retry in 42 s");
  EXPECT_EQ(wait_text(119), "119 s");
  EXPECT_EQ(wait_text(121), "3 min");
  EXPECT_EQ(wait_text(86'400), "24 h");
}

}  // namespace
}  // namespace deeptrace::api
