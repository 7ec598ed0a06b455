// Magic-byte sniffing: cheap, runs before anything touches libavformat, so
// unsupported images, text and garbage get a precise UNSUPPORTED_MEDIA message.
#include <algorithm>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

#include "core/errors.hpp"
#include "media/probe.hpp"

namespace deeptrace::media {
namespace {

constexpr size_t kSniffBytes = 4096;
constexpr size_t kTsPacket = 188;
constexpr const char* kSupported = "only video files, audio files and JPEG, PNG, WebP, HEIC or AVIF images are supported";

std::string read_head(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorCode::CORRUPT_MEDIA, "cannot open the file");
  std::string head(kSniffBytes, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  return head;
}

bool at(std::string_view head, size_t offset, std::string_view magic) {
  return head.size() >= offset + magic.size() && head.substr(offset, magic.size()) == magic;
}

// Whether an ftyp box at the start lists `brand` among its compatible brands.
bool compatible_brand(std::string_view head, std::string_view brand) {
  if (head.size() < 16) return false;
  auto box_size = static_cast<size_t>(static_cast<unsigned char>(head[0]) << 24 | static_cast<unsigned char>(head[1]) << 16 |
                                      static_cast<unsigned char>(head[2]) << 8 | static_cast<unsigned char>(head[3]));
  for (size_t at = 16; at + 4 <= std::min(box_size, head.size()); at += 4)
    if (head.substr(at, 4) == brand) return true;
  return false;
}

std::optional<std::string> iso_bmff_type(std::string_view head) {
  for (std::string_view box : {"moov", "mdat", "wide", "free", "skip"})
    if (at(head, 4, box)) return "video/quicktime";
  if (!at(head, 4, "ftyp") || head.size() < 12) return std::nullopt;
  std::string_view brand = head.substr(8, 4);
  if (brand == "qt  ") return "video/quicktime";
  if (brand.starts_with("3g")) return "video/3gpp";
  // HEIF-family pictures (media/heif_image.hpp): AVIF by its brand, or a
  // generic HEIF brand listing avif among the compatible ones; else HEIC.
  if (brand == "avif" || brand == "avis") return "image/avif";
  for (std::string_view heic : {"heic", "heix", "heim", "heis", "hevc", "hevx"})
    if (brand == heic) return "image/heic";
  if (brand == "mif1" || brand == "msf1") return compatible_brand(head, "avif") ? "image/avif" : "image/heic";
  // An audio-only file is an audio job whatever the brand: probing, not the
  // brand, decides (an AAC track says the same in .m4a and .mp4).
  if (brand == "M4A " || brand == "M4B ") return "audio/mp4";
  return "video/mp4";
}

std::optional<std::string> riff_type(std::string_view head) {
  if (!at(head, 0, "RIFF")) return std::nullopt;
  if (at(head, 8, "AVI ")) return "video/x-msvideo";
  if (at(head, 8, "WEBP")) return "image/webp";
  if (at(head, 8, "WAVE")) return "audio/wav";
  return std::nullopt;
}

// Still images analysed as one frame.
std::optional<std::string> image_type(std::string_view head) {
  if (at(head, 0, "\xFF\xD8\xFF")) return "image/jpeg";
  if (at(head, 0, "\x89PNG\r\n\x1A\n")) return "image/png";
  return std::nullopt;
}

// Ogg names its codecs in the first page: Theora is video, Opus, Vorbis and
// FLAC are audio.
std::string ogg_type(std::string_view head) {
  if (head.find("\x80theora") != std::string_view::npos) return "video/ogg";
  for (std::string_view audio : {"OpusHead", "\x01vorbis", "\x7F""FLAC"})
    if (head.find(audio) != std::string_view::npos) return "audio/ogg";
  return "video/ogg";
}

// An MPEG audio frame header (MP3 without an ID3 tag) or an ADTS header (raw
// AAC): 11 or 12 sync bits, then fields whose all-ones values are reserved.
std::optional<std::string> mpeg_audio_type(std::string_view head) {
  if (head.size() < 4) return std::nullopt;
  auto byte = [&](size_t i) { return static_cast<unsigned char>(head[i]); };
  if (byte(0) != 0xFF || (byte(1) & 0xE0) != 0xE0) return std::nullopt;
  int layer = (byte(1) >> 1) & 3;
  if ((byte(1) & 0xF6) == 0xF0) return "audio/aac";  // ADTS: layer 00 after 12 sync bits
  bool valid_frame = layer != 0 && (byte(2) >> 4) != 0xF && ((byte(2) >> 2) & 3) != 3 && ((byte(1) >> 3) & 3) != 1;
  if (valid_frame) return "audio/mpeg";
  return std::nullopt;
}

bool is_mpeg_ts(std::string_view head, size_t first, size_t stride) {
  if (head.size() < first + 2 * stride + 1) return false;
  return head[first] == 0x47 && head[first + stride] == 0x47 && head[first + 2 * stride] == 0x47;
}

std::optional<std::string> media_type(std::string_view head) {
  if (auto t = iso_bmff_type(head)) return t;
  if (auto t = riff_type(head)) return t;
  if (auto t = image_type(head)) return t;
  if (at(head, 0, "\x1A\x45\xDF\xA3"))
    return head.find("webm") != std::string_view::npos ? "video/webm" : "video/x-matroska";
  if (is_mpeg_ts(head, 0, kTsPacket) || is_mpeg_ts(head, 4, kTsPacket + 4)) return "video/mp2t";
  if (at(head, 0, "FLV")) return "video/x-flv";
  if (at(head, 0, std::string_view("\0\0\x01\xBA", 4)) || at(head, 0, std::string_view("\0\0\x01\xB3", 4)))
    return "video/mpeg";
  if (at(head, 0, "OggS")) return ogg_type(head);
  if (at(head, 0, "ID3")) return "audio/mpeg";
  if (at(head, 0, "fLaC")) return "audio/flac";
  if (at(head, 0, "\x30\x26\xB2\x75\x8E\x66\xCF\x11")) return "video/x-ms-asf";
  return mpeg_audio_type(head);
}

bool looks_like_text(std::string_view head) {
  return std::all_of(head.begin(), head.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 0x20 || c == '\n' || c == '\r' || c == '\t' || c == '\f';  // UTF-8 bytes are >= 0x80
  });
}

std::string describe_non_video(std::string_view head) {
  if (head.empty()) return "the file is empty";
  if (at(head, 0, "GIF87a") || at(head, 0, "GIF89a")) return "the file looks like a GIF image";
  if (at(head, 0, "BM")) return "the file looks like a BMP image";
  if (at(head, 0, "II*\0") || at(head, 0, "MM\0*")) return "the file looks like a TIFF image";
  if (at(head, 0, "%PDF")) return "the file looks like a PDF document";
  if (at(head, 0, "PK\x03\x04")) return "the file looks like a ZIP archive";
  if (looks_like_text(head)) return "the file looks like text";
  return "the file is not a recognised video or audio container";
}

}  // namespace

std::string sniff_media_type(const std::filesystem::path& file) {
  std::string head = read_head(file);
  if (auto type = media_type(head)) return *type;
  throw Error(ErrorCode::UNSUPPORTED_MEDIA, describe_non_video(head) + "; " + kSupported);
}

bool is_image_type(const std::string& content_type) { return content_type.starts_with("image/"); }

}  // namespace deeptrace::media
