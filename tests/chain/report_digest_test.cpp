// Report digest and Merkle proofs: known Keccak values, the shared vectors
// the TypeScript anchor service also passes, and proof folding.
#include <gtest/gtest.h>

#include <fstream>

#include "chain/canonical_json.hpp"
#include "chain/registry_abi.hpp"
#include "chain/report_digest.hpp"
#include "core/errors.hpp"

namespace deeptrace::chain {
namespace {

using nlohmann::json;

TEST(Keccak, KnownValues) {
  EXPECT_EQ(to_hex(keccak256("")), "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  // The ERC-20 transfer selector: a widely published Keccak-256 prefix.
  EXPECT_EQ(to_hex(keccak256("transfer(address,uint256)")).substr(0, 10), "0xa9059cbb");
}

TEST(Keccak, ParsesAndRejectsHex) {
  Hash32 h = keccak256("x");
  EXPECT_EQ(parse_hash32(to_hex(h), "root"), h);
  EXPECT_THROW(parse_hash32("0x12", "root"), Error);
  EXPECT_THROW(parse_hash32(to_hex(h).substr(2) + "00", "root"), Error);
  std::string upper = to_hex(h);
  for (char& c : upper) c = static_cast<char>(std::toupper(c));
  upper[1] = 'x';
  EXPECT_EQ(parse_hash32(upper, "root"), h);  // either case is read, to_hex writes lowercase
}

json load_vectors() {
  std::ifstream in(DEEPTRACE_VECTORS_FILE);
  EXPECT_TRUE(in.good()) << "missing " << DEEPTRACE_VECTORS_FILE;
  return json::parse(in);
}

TEST(ReportDigest, MatchesSharedVectors) {
  json vectors = load_vectors();
  ASSERT_GE(vectors.size(), 10u);
  for (const json& v : vectors) {
    SCOPED_TRACE(v.at("name").get<std::string>());
    EXPECT_EQ(canonical_json(v.at("report")), v.at("canonical").get<std::string>());
    EXPECT_EQ(to_hex(report_digest(v.at("media_sha256"), v.at("report"))), v.at("digest").get<std::string>());
  }
}

TEST(ReportDigest, ChangesWithAnyScoreOrTheMedia) {
  json report = {{"verdict", "likely_real"}, {"fake_score", 0.12}};
  std::string media(64, 'a');
  Hash32 base = report_digest(media, report);
  json tampered = report;
  tampered["fake_score"] = 0.13;
  EXPECT_NE(report_digest(media, tampered), base);
  EXPECT_NE(report_digest(std::string(64, 'b'), report), base);
  EXPECT_EQ(report_digest(media, json::parse(report.dump(2))), base);
}

TEST(Merkle, ProofOfEachLeafFoldsToTheRoot) {
  // Three leaves by the §2 rules: sorted, the odd third moves up unchanged.
  std::vector<Hash32> leaves = {merkle_leaf(keccak256("a")), merkle_leaf(keccak256("b")),
                                merkle_leaf(keccak256("c"))};
  std::sort(leaves.begin(), leaves.end());
  Hash32 pair = merkle_parent(leaves[0], leaves[1]);
  Hash32 root = merkle_parent(pair, leaves[2]);
  EXPECT_EQ(merkle_root_from_proof(leaves[0], {leaves[1], leaves[2]}), root);
  EXPECT_EQ(merkle_root_from_proof(leaves[1], {leaves[0], leaves[2]}), root);
  EXPECT_EQ(merkle_root_from_proof(leaves[2], {pair}), root);
  EXPECT_NE(merkle_root_from_proof(leaves[2], {leaves[0]}), root);
  EXPECT_EQ(merkle_root_from_proof(leaves[0], {}), leaves[0]);
  EXPECT_EQ(merkle_parent(leaves[0], leaves[1]), merkle_parent(leaves[1], leaves[0]));
}

TEST(RegistryAbi, EncodesVerifyWithItsDynamicProof) {
  Hash32 leaf = keccak256("leaf"), root = keccak256("root"), step = keccak256("step");
  std::string data = encode_verify_call(leaf, {step}, root);
  EXPECT_EQ(data.substr(0, 10), to_hex(keccak256("verify(bytes32,bytes32[],bytes32)")).substr(0, 10));
  ASSERT_EQ(data.size(), 2 + 8 + 5 * 64);
  EXPECT_EQ(data.substr(10, 64), to_hex(leaf).substr(2));
  EXPECT_EQ(data.substr(74, 64), std::string(62, '0') + "60");  // offset 96
  EXPECT_EQ(data.substr(138, 64), to_hex(root).substr(2));
  EXPECT_EQ(data.substr(202, 64), std::string(63, '0') + "1");  // length
  EXPECT_EQ(data.substr(266, 64), to_hex(step).substr(2));
}

TEST(RegistryAbi, DecodesBoolsOnly) {
  EXPECT_TRUE(decode_bool_result("0x" + std::string(63, '0') + "1"));
  EXPECT_FALSE(decode_bool_result("0x" + std::string(64, '0')));
  EXPECT_THROW(decode_bool_result("0x"), Error);
  EXPECT_THROW(decode_bool_result("0x" + std::string(63, '0') + "2"), Error);
}

}  // namespace
}  // namespace deeptrace::chain
