#pragma once
// Picture size from a still image's header, read before any pixel is decoded.
// libavformat's image demuxers learn the size only by decoding the whole
// picture, which is what a decompression bomb exploits; these fixed header
// layouts (PNG IHDR, JPEG SOFn, WebP VP8/VP8L/VP8X) give it for a few bytes.
#include <filesystem>
#include <optional>

namespace deeptrace::media {

struct PictureSize {
  long long width = 0;
  long long height = 0;
};

// The size a PNG, JPEG or WebP file announces; nullopt for other files and
// for headers that do not state it (a JPEG whose height comes later, in a
// DNL marker, or a truncated header).
std::optional<PictureSize> read_image_size(const std::filesystem::path& file);

}  // namespace deeptrace::media
