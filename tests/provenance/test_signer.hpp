#pragma once
// Test material only (DeepTrace itself never signs): a throw-away ES256
// root and signing certificate made with the openssl tool, and media signed
// with them through the C2PA SDK's builder, as the SDK's own tests do. The
// shared fixtures have no signed PNG, MOV or generative-AI statement.
#include <cstdint>
#include <filesystem>
#include <string>

namespace deeptrace::provenance::testing {

struct TestSigner {
  std::filesystem::path root_pem;   // the trust anchor
  std::filesystem::path chain_pem;  // signing certificate, then the root
  std::filesystem::path key_pem;    // PKCS#8 private key of the signing certificate
};

// Makes the certificates in `dir` (openssl req/x509).
TestSigner make_test_signer(const std::filesystem::path& dir);

// Signs `in` into `out` with one c2pa.created action of the given IPTC
// digital source type (a full IRI) and the claim generator
// "deeptrace-tests/1".
void sign_media(const TestSigner& signer, const std::filesystem::path& in, const std::filesystem::path& out,
                const std::string& digital_source_type);

// Flips one byte `from_end` bytes before the end of the file (the media
// data, after the manifest, in the containers the tests sign).
void flip_byte(const std::filesystem::path& file, std::int64_t from_end);

// Runs a shell command; throws with its text when it fails.
void run_or_throw(const std::string& command);

}  // namespace deeptrace::provenance::testing
