#pragma once
// Ethereum's Keccak-256 (original Keccak padding, not SHA3-256) and the
// 32-byte values it produces, written as "0x" + 64 lowercase hex digits.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace deeptrace::chain {

using Hash32 = std::array<std::uint8_t, 32>;

Hash32 keccak256(std::string_view bytes);
Hash32 keccak256(const Hash32& a);
Hash32 keccak256(const Hash32& a, const Hash32& b);  // of the 64-byte concatenation

std::string to_hex(const Hash32& hash);  // "0x..."
// Accepts "0x" + 64 hex digits (either case); throws Error(INVALID_REQUEST) naming `what`.
Hash32 parse_hash32(std::string_view text, std::string_view what);

// Plain 64-hex-digit SHA-256 (as stored for media) to its 32 bytes.
Hash32 sha256_bytes(std::string_view hex64);

}  // namespace deeptrace::chain
