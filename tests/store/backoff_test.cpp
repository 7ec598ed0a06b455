#include <gtest/gtest.h>

#include <set>

#include "store/job_store.hpp"

namespace deeptrace {
namespace {

using namespace std::chrono_literals;

TEST(BackoffPolicy, GrowsExponentiallyWithJitterInTheUpperHalf) {
  BackoffPolicy policy{1000ms, 60000ms};
  for (int i = 0; i < 200; ++i) {
    TimeMs first = policy.delay_ms(1);
    EXPECT_GE(first, 500);
    EXPECT_LE(first, 1000);
    TimeMs third = policy.delay_ms(3);
    EXPECT_GE(third, 2000);
    EXPECT_LE(third, 4000);
  }
}

TEST(BackoffPolicy, IsCappedAndNeverOverflows) {
  BackoffPolicy policy{1000ms, 60000ms};
  for (int attempt : {7, 30, 1000, 2147483647}) {
    TimeMs delay = policy.delay_ms(attempt);
    EXPECT_GE(delay, 30000) << attempt;
    EXPECT_LE(delay, 60000) << attempt;
  }
  EXPECT_EQ((BackoffPolicy{0ms, 0ms}.delay_ms(5)), 0);
  EXPECT_GE(policy.delay_ms(0), 500);  // a zero attempt is treated as the first
}

TEST(BackoffPolicy, JitterVaries) {
  BackoffPolicy policy{10000ms, 60000ms};
  std::set<TimeMs> delays;
  for (int i = 0; i < 20; ++i) delays.insert(policy.delay_ms(1));
  EXPECT_GT(delays.size(), 1u);
}

}  // namespace
}  // namespace deeptrace
