#include "media/image_size.hpp"

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <string>

namespace deeptrace::media {
namespace {

// Reads `count` bytes at `offset`; fewer at the end of the file.
std::string bytes_at(std::ifstream& in, std::streamoff offset, std::size_t count) {
  std::string out(count, '\0');
  in.clear();
  in.seekg(offset);
  in.read(out.data(), static_cast<std::streamsize>(count));
  out.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, in.gcount())));
  return out;
}

std::uint32_t big_endian(const std::string& b, std::size_t at, int n) {
  std::uint32_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<std::uint8_t>(b[at + i]);
  return v;
}

std::uint32_t little_endian(const std::string& b, std::size_t at, int n) {
  std::uint32_t v = 0;
  for (int i = n - 1; i >= 0; --i) v = (v << 8) | static_cast<std::uint8_t>(b[at + i]);
  return v;
}

// PNG: the signature, then IHDR, whose first 8 bytes are width and height.
std::optional<PictureSize> png_size(const std::string& head) {
  if (head.size() < 24 || head.compare(12, 4, "IHDR") != 0) return std::nullopt;
  return PictureSize{big_endian(head, 16, 4), big_endian(head, 20, 4)};
}

// Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC)
// share the range but are not frames.
bool is_start_of_frame(std::uint8_t marker) {
  return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

// JPEG: walk the marker segments from SOI to the first SOFn.
std::optional<PictureSize> jpeg_size(std::ifstream& in) {
  constexpr int kMaxSegments = 1024;
  std::streamoff at = 2;  // after SOI
  for (int i = 0; i < kMaxSegments; ++i) {
    std::string marker = bytes_at(in, at, 2);
    if (marker.size() < 2 || static_cast<std::uint8_t>(marker[0]) != 0xFF) return std::nullopt;
    auto type = static_cast<std::uint8_t>(marker[1]);
    if (type == 0xFF) { ++at; continue; }  // fill byte
    if (type == 0x01 || (type >= 0xD0 && type <= 0xD7)) { at += 2; continue; }  // no length
    if (type == 0xD9 || type == 0xDA) return std::nullopt;  // image end, or scan before any frame
    std::string segment = bytes_at(in, at + 2, 7);
    if (segment.size() < 2) return std::nullopt;
    std::uint32_t length = big_endian(segment, 0, 2);
    if (length < 2) return std::nullopt;
    if (is_start_of_frame(type)) {
      if (segment.size() < 7) return std::nullopt;
      PictureSize size{big_endian(segment, 5, 2), big_endian(segment, 3, 2)};
      if (size.height == 0) return std::nullopt;  // height comes in a DNL marker
      return size;
    }
    at += 2 + length;
  }
  return std::nullopt;
}

// WebP: RIFF, then one of three chunk kinds, each with its own layout.
std::optional<PictureSize> webp_size(const std::string& head) {
  if (head.size() < 30) return std::nullopt;
  std::string chunk = head.substr(12, 4);
  if (chunk == "VP8X")  // canvas size minus one, 24 bits each
    return PictureSize{little_endian(head, 24, 3) + 1LL, little_endian(head, 27, 3) + 1LL};
  if (chunk == "VP8L" && static_cast<std::uint8_t>(head[20]) == 0x2F) {  // 14 bits each, minus one
    std::uint32_t bits = little_endian(head, 21, 4);
    return PictureSize{(bits & 0x3FFF) + 1LL, ((bits >> 14) & 0x3FFF) + 1LL};
  }
  if (chunk == "VP8 " && head.compare(23, 3, "\x9D\x01\x2A") == 0)  // key frame: 14-bit sizes
    return PictureSize{little_endian(head, 26, 2) & 0x3FFF, little_endian(head, 28, 2) & 0x3FFF};
  return std::nullopt;
}

}  // namespace

std::optional<PictureSize> read_image_size(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::string head = bytes_at(in, 0, 32);
  if (head.starts_with("\x89PNG\r\n\x1A\n")) return png_size(head);
  if (head.starts_with("\xFF\xD8")) return jpeg_size(in);
  if (head.starts_with("RIFF") && head.size() >= 12 && head.compare(8, 4, "WEBP") == 0) return webp_size(head);
  return std::nullopt;
}

}  // namespace deeptrace::media
