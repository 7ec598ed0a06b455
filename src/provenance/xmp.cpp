#include "provenance/xmp.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>

namespace deeptrace::provenance {
namespace {

constexpr std::string_view kProperty = "DigitalSourceType";
constexpr std::size_t kMaxValue = 256;
constexpr std::streamoff kHead = 4 << 20, kTail = 1 << 20;

bool is_value_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || std::string_view(":/._-#?=&%~").find(c) != std::string_view::npos;
}

// The IRI or term that starts at `from`, up to the first character that
// cannot be part of one; nullopt when empty or too long to be a real value.
std::optional<std::string> value_at(std::string_view text, std::size_t from) {
  std::size_t end = from;
  while (end < text.size() && end - from <= kMaxValue && is_value_char(text[end])) ++end;
  if (end == from || end - from > kMaxValue) return std::nullopt;
  return std::string(text.substr(from, end - from));
}

std::size_t skip_spaces(std::string_view text, std::size_t at) {
  while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
  return at;
}

std::string read_range(std::ifstream& in, std::streamoff offset, std::streamoff size) {
  std::string buffer(static_cast<std::size_t>(size), '\0');
  in.seekg(offset);
  in.read(buffer.data(), size);
  buffer.resize(static_cast<std::size_t>(std::max<std::streamsize>(in.gcount(), 0)));
  in.clear();
  return buffer;
}

}  // namespace

std::optional<std::string> digital_source_type_in(std::string_view text) {
  for (std::size_t at = text.find(kProperty); at != std::string_view::npos; at = text.find(kProperty, at + 1)) {
    // prefix:DigitalSourceType (any prefix; Iptc4xmpExt in practice)
    if (at == 0 || text[at - 1] != ':') continue;
    std::size_t after = skip_spaces(text, at + kProperty.size());
    if (after < text.size() && text[after] == '=') {  // attribute: ="value" or ='value'
      after = skip_spaces(text, after + 1);
      if (after < text.size() && (text[after] == '"' || text[after] == '\'')) {
        if (auto v = value_at(text, after + 1)) return v;
      }
    } else if (after < text.size() && text[after] == '>') {  // element: >value</
      if (auto v = value_at(text, skip_spaces(text, after + 1))) return v;
    }
  }
  return std::nullopt;
}

std::optional<std::string> xmp_digital_source_type(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary | std::ios::ate);
  if (!in) return std::nullopt;
  const std::streamoff size = in.tellg();
  if (size <= 0) return std::nullopt;
  if (auto v = digital_source_type_in(read_range(in, 0, std::min(size, kHead)))) return v;
  if (size > kHead) return digital_source_type_in(read_range(in, std::max(kHead, size - kTail), std::min(size - kHead, kTail)));
  return std::nullopt;
}

}  // namespace deeptrace::provenance
