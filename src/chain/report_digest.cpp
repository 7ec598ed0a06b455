#include "chain/report_digest.hpp"

#include <algorithm>

#include "chain/canonical_json.hpp"

namespace deeptrace::chain {

Hash32 report_digest(const std::string& media_sha256_hex, const nlohmann::json& report) {
  Hash32 media = sha256_bytes(media_sha256_hex);
  std::string bytes(reinterpret_cast<const char*>(media.data()), media.size());
  bytes += canonical_json(report);
  return keccak256(bytes);
}

Hash32 merkle_leaf(const Hash32& digest) { return keccak256(digest); }

Hash32 merkle_parent(const Hash32& a, const Hash32& b) {
  return a < b ? keccak256(a, b) : keccak256(b, a);
}

Hash32 merkle_root_from_proof(const Hash32& leaf, const std::vector<Hash32>& proof) {
  Hash32 node = leaf;
  for (const Hash32& sibling : proof) node = merkle_parent(node, sibling);
  return node;
}

}  // namespace deeptrace::chain
