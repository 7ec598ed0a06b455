#include "api/byte_range.hpp"

#include <gtest/gtest.h>

namespace deeptrace::api {
namespace {

using Span = std::pair<std::int64_t, std::int64_t>;

Span bounds(std::string_view header, std::int64_t size) {
  RangeRequest request = parse_range(header, size);
  EXPECT_TRUE(request.range.has_value()) << header;
  EXPECT_FALSE(request.unsatisfiable) << header;
  return request.range ? Span{request.range->first, request.range->last} : Span{-1, -1};
}

TEST(ByteRange, ReadsTheThreeFormsOfOneRange) {
  EXPECT_EQ(bounds("bytes=0-99", 1000), (Span{0, 99}));
  EXPECT_EQ(bounds("bytes=500-", 1000), (Span{500, 999}));  // what <video> asks when seeking
  EXPECT_EQ(bounds("bytes=-100", 1000), (Span{900, 999}));
  EXPECT_EQ(bounds("bytes=900-5000", 1000), (Span{900, 999}));  // clamped to the end
  EXPECT_EQ(bounds("bytes=-5000", 1000), (Span{0, 999}));
  EXPECT_EQ(parse_range("bytes=10-19", 1000).range->length(), 10);
}

TEST(ByteRange, WhollyPastTheEndIsUnsatisfiable) {
  for (std::string_view header : {"bytes=1000-", "bytes=1000-2000", "bytes=-0"}) {
    RangeRequest request = parse_range(header, 1000);
    EXPECT_TRUE(request.unsatisfiable) << header;
    EXPECT_FALSE(request.range.has_value()) << header;
  }
  EXPECT_TRUE(parse_range("bytes=0-", 0).unsatisfiable);
}

// RFC 9110 lets a server ignore a Range it does not serve: the whole file.
TEST(ByteRange, AnythingElseServesTheWholeFile) {
  for (std::string_view header : {"", "bytes", "bytes=", "bytes=-", "items=0-10", "bytes=0-1,5-9", "bytes=5-1",
                                  "bytes= 0-1", "bytes=+1-2", "bytes=0--1", "bytes=a-b", "bytes=99999999999999999999-",
                                  "BYTES=0-1"}) {
    RangeRequest request = parse_range(header, 1000);
    EXPECT_FALSE(request.range.has_value()) << header;
    EXPECT_FALSE(request.unsatisfiable) << header;
  }
}

}  // namespace
}  // namespace deeptrace::api
