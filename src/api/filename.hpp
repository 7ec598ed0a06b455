#pragma once
// Client-supplied file names are shown back to users but never used to build
// a storage path (media is stored by SHA-256). Still, they are cleaned so a
// display name cannot carry directories, control characters or megabytes.
#include <string>
#include <string_view>

namespace deeptrace::api {

inline constexpr std::size_t kMaxFilenameBytes = 200;
inline constexpr std::string_view kDefaultFilename = "upload";

// Strips any directory part (both / and \), control characters (C0, DEL,
// C1), bidirectional formatting characters (U+202A-U+202E, U+2066-U+2069,
// U+200E, U+200F, U+061C) and invalid UTF-8, trims spaces and dots at the
// ends, and caps the length at a UTF-8 character boundary. Returns
// kDefaultFilename when nothing is left.
std::string sanitize_filename(std::string_view raw);

// True when `s` is well-formed UTF-8 (RFC 3629 section 4): no overlong forms,
// no UTF-16 surrogates, nothing above U+10FFFF, no truncated sequences.
// nlohmann::json::dump() throws on anything else, so every client string
// stored in a JSON document must pass this (or go through sanitize_filename).
bool is_valid_utf8(std::string_view s);

// Percent-decodes a query-string or RFC 5987 value ('+' stays '+').
std::string percent_decode(std::string_view s);

}  // namespace deeptrace::api
