#pragma once
// HTTP Range requests (RFC 9110 section 14) on one file, for the media
// route: a <video> element seeks with them. Pure parsing, unit-tested.
#include <cstdint>
#include <optional>
#include <string_view>

namespace deeptrace::api {

struct ByteRange {
  std::int64_t first = 0;
  std::int64_t last = 0;  // inclusive
  std::int64_t length() const { return last - first + 1; }
};

struct RangeRequest {
  // Absent: serve the whole file (no Range header, another unit, several
  // ranges or a malformed one: RFC 9110 lets a server ignore those).
  std::optional<ByteRange> range;
  bool unsatisfiable = false;  // a well-formed range wholly past the end: 416
};

// `header` is the Range header's value (empty when absent); `size` the file's.
RangeRequest parse_range(std::string_view header, std::int64_t size);

}  // namespace deeptrace::api
