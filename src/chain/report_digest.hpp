#pragma once
// The anchored form of a report (docs/anchoring.md §1-2): its digest, the
// Merkle leaf made from it, and checking a proof against a root.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chain/keccak.hpp"

namespace deeptrace::chain {

// keccak256(sha256 bytes ‖ canonical_json(report)).
Hash32 report_digest(const std::string& media_sha256_hex, const nlohmann::json& report);

// keccak256(digest): hashing once more keeps an inner node from passing for a leaf.
Hash32 merkle_leaf(const Hash32& digest);

// OpenZeppelin's commutative pair hash: keccak256(min ‖ max).
Hash32 merkle_parent(const Hash32& a, const Hash32& b);

// Folds the proof from the leaf up; equals the root iff the proof is valid.
Hash32 merkle_root_from_proof(const Hash32& leaf, const std::vector<Hash32>& proof);

}  // namespace deeptrace::chain
