#pragma once
// ABI encoding of the one ReportRegistry call a verifier makes
// (docs/anchoring.md §3): verify(bytes32 leaf, bytes32[] proof, bytes32 root).
#include <string>
#include <string_view>
#include <vector>

#include "chain/keccak.hpp"

namespace deeptrace::chain {

// "0x" + selector + arguments, ready for eth_call's "data".
std::string encode_verify_call(const Hash32& leaf, const std::vector<Hash32>& proof, const Hash32& root);

// An ABI-encoded bool return value ("0x" + 64 hex digits). Throws
// Error(INVALID_REQUEST) for anything else (e.g. "0x" from an address with no code).
bool decode_bool_result(std::string_view hex);

}  // namespace deeptrace::chain
