#include "chain/keccak.hpp"

#include <cryptopp/keccak.h>

#include "core/errors.hpp"

namespace deeptrace::chain {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool decode_hex32(std::string_view hex, Hash32& out) {
  if (hex.size() != 64) return false;
  for (size_t i = 0; i < 32; ++i) {
    int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>(hi * 16 + lo);
  }
  return true;
}

}  // namespace

Hash32 keccak256(std::string_view bytes) {
  CryptoPP::Keccak_256 hash;
  hash.Update(reinterpret_cast<const CryptoPP::byte*>(bytes.data()), bytes.size());
  Hash32 out;
  hash.Final(out.data());
  return out;
}

Hash32 keccak256(const Hash32& a) {
  return keccak256(std::string_view(reinterpret_cast<const char*>(a.data()), a.size()));
}

Hash32 keccak256(const Hash32& a, const Hash32& b) {
  std::string both(reinterpret_cast<const char*>(a.data()), a.size());
  both.append(reinterpret_cast<const char*>(b.data()), b.size());
  return keccak256(both);
}

std::string to_hex(const Hash32& hash) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "0x";
  for (std::uint8_t byte : hash) {
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0xF]);
  }
  return out;
}

Hash32 parse_hash32(std::string_view text, std::string_view what) {
  Hash32 out{};
  if (text.size() != 66 || text.substr(0, 2) != "0x" || !decode_hex32(text.substr(2), out)) {
    throw Error(ErrorCode::INVALID_REQUEST, std::string(what) + " must be 0x followed by 64 hex digits");
  }
  return out;
}

Hash32 sha256_bytes(std::string_view hex64) {
  Hash32 out{};
  if (!decode_hex32(hex64, out)) throw Error(ErrorCode::INVALID_REQUEST, "media sha256 must be 64 hex digits");
  return out;
}

}  // namespace deeptrace::chain
