#include "core/time.hpp"

#include <gtest/gtest.h>

namespace deeptrace {
namespace {

TEST(Rfc3339, ReadsWhatFormatWrites) {
  for (std::int64_t ms : {0LL, 1764675245123LL, 4102444799999LL}) EXPECT_EQ(parse_rfc3339(format_rfc3339(ms)), ms);
}

TEST(Rfc3339, ReadsOffsetsFractionsAndPlainDates) {
  EXPECT_EQ(parse_rfc3339("2026-12-02T10:00:00Z"), 1796205600000);
  EXPECT_EQ(parse_rfc3339("2026-12-02t10:00:00z"), 1796205600000);
  EXPECT_EQ(parse_rfc3339("2026-12-02T11:30:00+01:30"), 1796205600000);
  EXPECT_EQ(parse_rfc3339("2026-12-02T05:00:00-05:00"), 1796205600000);
  EXPECT_EQ(parse_rfc3339("2026-12-02T10:00:00.5Z"), 1796205600500);
  EXPECT_EQ(parse_rfc3339("2026-12-02T10:00:00.123456789Z"), 1796205600123);
  EXPECT_EQ(parse_rfc3339("2026-12-02"), 1796169600000);  // midnight UTC
}

TEST(Rfc3339, RefusesAnythingElse) {
  for (const char* text : {"", "yesterday", "2026-12-02T10:00:00", "2026-13-02T10:00:00Z", "2026-02-30",
                           "2026-12-02T24:00:00Z", "2026-12-02T10:00:00+25:00", "2026-12-02T10:00:00Zjunk",
                           "2026-12-2", "+2026-12-02", "2026-12-02T10:00:00.Z", "99999-01-01"})
    EXPECT_FALSE(parse_rfc3339(text).has_value()) << text;
}

}  // namespace
}  // namespace deeptrace
