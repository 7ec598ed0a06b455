#include "api/filename.hpp"

#include <cctype>

namespace deeptrace::api {
namespace {

// Length of the well-formed UTF-8 sequence starting at s[i], or 0 if there
// is none (RFC 3629 section 4). The lead byte fixes the length and the range
// of the second byte; the others are plain continuation bytes 80-BF:
//   00-7F                  1 byte
//   C2-DF  80-BF           2 bytes (C0 and C1 would be overlong)
//   E0     A0-BF           3 bytes (80-9F would be overlong)
//   E1-EC  80-BF
//   ED     80-9F                   (A0-BF would be UTF-16 surrogates)
//   EE-EF  80-BF
//   F0     90-BF           4 bytes (80-8F would be overlong)
//   F1-F3  80-BF
//   F4     80-8F                   (90-BF would be above U+10FFFF)
// 80-BF, C0, C1 and F5-FF never lead.
size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  unsigned char c = byte(0);
  if (c < 0x80) return 1;
  size_t len = 0;
  unsigned char second_min = 0x80, second_max = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) second_min = 0xA0;
    if (c == 0xED) second_max = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) second_min = 0x90;
    if (c == 0xF4) second_max = 0x8F;
  } else {
    return 0;
  }
  if (i + len > s.size()) return 0;
  if (byte(1) < second_min || byte(1) > second_max) return 0;
  for (size_t k = 2; k < len; ++k) {
    if ((byte(k) & 0xC0) != 0x80) return 0;
  }
  return len;
}

std::string_view last_path_component(std::string_view raw) {
  size_t slash = raw.find_last_of("/\\");
  return slash == std::string_view::npos ? raw : raw.substr(slash + 1);
}

// The code point of a valid UTF-8 sequence of `len` bytes.
char32_t decode_utf8(std::string_view s, size_t i, size_t len) {
  static constexpr unsigned char kLeadMask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  char32_t cp = static_cast<unsigned char>(s[i]) & kLeadMask[len];
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return cp;
}

// C0/C1 controls and DEL; and the bidirectional formatting characters
// (embeddings, overrides, isolates, marks), with which "file\u202E4pm.exe"
// displays as "fileexe.mp4".
bool is_dropped_character(char32_t cp) {
  bool control = cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
  bool bidi = (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
              cp == 0x200F || cp == 0x061C;
  return control || bidi;
}

std::string drop_control_and_invalid(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      ++i;  // invalid byte: drop it
      continue;
    }
    bool keep = !is_dropped_character(decode_utf8(s, i, len));
    if (keep && out.size() + len <= kMaxFilenameBytes) out.append(s.substr(i, len));
    i += len;
  }
  return out;
}

std::string trim_spaces_and_dots(const std::string& s) {
  size_t begin = s.find_first_not_of(" .");
  if (begin == std::string::npos) return {};
  size_t end = s.find_last_not_of(" .");
  return s.substr(begin, end - begin + 1);
}

}  // namespace

bool is_valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    size_t len = utf8_sequence_length(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string sanitize_filename(std::string_view raw) {
  std::string cleaned = trim_spaces_and_dots(drop_control_and_invalid(last_path_component(raw)));
  return cleaned.empty() ? std::string(kDefaultFilename) : cleaned;
}

std::string percent_decode(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() &&
        std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace deeptrace::api
