#pragma once
// Internal: the IPTC digital source type a file's XMP metadata states,
// unsigned (anyone can write it), for files without Content Credentials.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace deeptrace::provenance {

// The value of Iptc4xmpExt:DigitalSourceType in an XMP packet (an attribute
// or an element), from the text given; nullopt without one.
std::optional<std::string> digital_source_type_in(std::string_view text);

// The same, from the parts of a file where XMP packets are written: its
// first 4 MiB and last 1 MiB (JPEG, PNG, WebP near the start; MP4 and MOV
// may keep it in a box at the end). Unreadable files: nullopt.
std::optional<std::string> xmp_digital_source_type(const std::filesystem::path& file);

}  // namespace deeptrace::provenance
