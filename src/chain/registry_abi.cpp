#include "chain/registry_abi.hpp"

#include "core/errors.hpp"

namespace deeptrace::chain {
namespace {

// A 32-byte big-endian word holding a small unsigned integer.
Hash32 uint_word(std::uint64_t value) {
  Hash32 word{};
  for (int i = 0; i < 8; ++i) word[31 - i] = static_cast<std::uint8_t>(value >> (8 * i));
  return word;
}

std::string hex_digits(const Hash32& word) { return to_hex(word).substr(2); }

}  // namespace

std::string encode_verify_call(const Hash32& leaf, const std::vector<Hash32>& proof, const Hash32& root) {
  std::string selector = to_hex(keccak256("verify(bytes32,bytes32[],bytes32)")).substr(2, 8);
  // Head: leaf, the offset of the dynamic array (three head words = 96 bytes), root.
  std::string data = "0x" + selector + hex_digits(leaf) + hex_digits(uint_word(96)) + hex_digits(root);
  data += hex_digits(uint_word(proof.size()));
  for (const Hash32& step : proof) data += hex_digits(step);
  return data;
}

bool decode_bool_result(std::string_view hex) {
  Hash32 word = parse_hash32(hex, "the contract's answer");
  for (int i = 0; i < 31; ++i) {
    if (word[i] != 0) throw Error(ErrorCode::INVALID_REQUEST, "the contract's answer is not a bool");
  }
  if (word[31] > 1) throw Error(ErrorCode::INVALID_REQUEST, "the contract's answer is not a bool");
  return word[31] == 1;
}

}  // namespace deeptrace::chain
