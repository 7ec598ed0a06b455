#pragma once
// Limits shared by upload probing (API) and frame sampling (worker).
#include <cstdint>

namespace deeptrace::media {

// Pictures larger than this many pixels are refused before any of them is
// decoded: a small compressed file can announce a huge picture (a
// decompression bomb), and decoding it would take gigabytes. 8192 x 8192
// admits 8K video (7680 x 4320) and 50-megapixel photos.
constexpr std::int64_t kDefaultMaxPixels = 8192LL * 8192;

}  // namespace deeptrace::media
