// The reader on the real C2PA SDK: each of the SDK's own test files
// (../shared/fixtures/c2pa) reads as the SDK establishes it
// (docs/c2pa-sdk.md), media signed here with a throw-away certificate reads
// valid, trusted once its root is the trust list, and invalid once a byte of
// its media changes; truncated files never throw.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/sha256.hpp"
#include "provenance/provenance.hpp"
#include "report_schema_check.hpp"
#include "test_signer.hpp"

namespace deeptrace::provenance {
namespace {

using report::ProvenanceStatus;

const std::filesystem::path kFixtures = std::filesystem::path(DEEPTRACE_SHARED_DIR) / "fixtures/c2pa";
constexpr const char* kTrained = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";
constexpr const char* kCapture = "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture";

report::Provenance read_fixture(const Reader& reader, const std::string& name, const char* format) {
  report::Provenance p = reader.read(kFixtures / name, format);
  EXPECT_TRUE(deeptrace::testing::matches_report_schema(report::Json(p), "Provenance")) << name;
  return p;
}

std::vector<std::string> failure_codes(const report::Provenance& p) {
  std::vector<std::string> codes;
  for (const auto& f : p.failures) codes.push_back(f.code);
  return codes;
}

bool has(const std::vector<std::string>& codes, const std::string& code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

TEST(ProvenanceSdk, IsC2paRs090) {
  ASSERT_TRUE(sdk().has_value());
  EXPECT_EQ(sdk()->name, "c2pa-rs");
  EXPECT_EQ(sdk()->version, "0.90.0");
}

TEST(ProvenanceFixtures, ASignedPictureIsValidAndItsSignerNotOnATrustedList) {
  Reader reader;
  report::Provenance p = read_fixture(reader, "C.jpg", "image/jpeg");
  EXPECT_EQ(p.status, ProvenanceStatus::Valid);
  ASSERT_TRUE(p.manifest.has_value());
  EXPECT_EQ(p.manifest->claim_generator, "make_test_images/0.33.1 c2pa-rs/0.33.1");
  EXPECT_EQ(p.manifest->signer.common_name, "C2PA Signer");
  EXPECT_EQ(p.manifest->signer.issuer, "C2PA Test Signing Cert");
  EXPECT_EQ(p.manifest->signer.algorithm, "Ps256");
  EXPECT_FALSE(p.manifest->signer.trusted);
  ASSERT_EQ(p.manifest->actions.size(), 1u);
  EXPECT_EQ(p.manifest->actions[0].action, "c2pa.created");
  EXPECT_EQ(p.manifest->actions[0].digital_source_type, "http://cv.iptc.org/newscodes/digitalsourcetype/algorithmicMedia");
  EXPECT_FALSE(p.generative_ai) << "algorithmicMedia is not a trained model";
  EXPECT_TRUE(p.failures.empty());
  EXPECT_TRUE(has(p.not_fetched, "OCSP"));
  EXPECT_EQ(p.trust_list, std::nullopt);
  EXPECT_NE(p.summary.find("signed by C2PA Signer"), std::string::npos) << p.summary;
  EXPECT_NE(p.summary.find("not on a trusted list"), std::string::npos) << p.summary;
}

TEST(ProvenanceFixtures, IngredientsAreSummarised) {
  Reader reader;
  report::Provenance ca = read_fixture(reader, "CA.jpg", "image/jpeg");
  EXPECT_EQ(ca.status, ProvenanceStatus::Valid);
  ASSERT_EQ(ca.manifest->ingredients.size(), 1u);
  EXPECT_EQ(ca.manifest->ingredients[0].title, "A.jpg");
  EXPECT_EQ(ca.manifest->ingredients[0].relationship, "parentOf");
  EXPECT_FALSE(ca.manifest->ingredients[0].has_manifest);
  report::Provenance cie = read_fixture(reader, "CIE-sig-CA.jpg", "image/jpeg");
  EXPECT_EQ(cie.status, ProvenanceStatus::Valid);
  ASSERT_EQ(cie.manifest->ingredients.size(), 1u);
  EXPECT_EQ(cie.manifest->ingredients[0].title, "E-sig-CA.jpg");
  EXPECT_TRUE(cie.manifest->ingredients[0].has_manifest);
}

TEST(ProvenanceFixtures, AlteredAfterSigningOrBadlySignedIsInvalidWithTheC2paCode) {
  Reader reader;
  report::Provenance altered = read_fixture(reader, "XCA.jpg", "image/jpeg");
  EXPECT_EQ(altered.status, ProvenanceStatus::Invalid);
  EXPECT_EQ(altered.reason, "VALIDATION_FAILED");
  EXPECT_TRUE(has(failure_codes(altered), "assertion.dataHash.mismatch"));
  EXPECT_NE(altered.summary.find("present but invalid"), std::string::npos) << altered.summary;
  report::Provenance bad_signature = read_fixture(reader, "E-sig-CA.jpg", "image/jpeg");
  EXPECT_EQ(bad_signature.status, ProvenanceStatus::Invalid);
  EXPECT_TRUE(has(failure_codes(bad_signature), "claimSignature.mismatch"));
  report::Provenance clm = read_fixture(reader, "adobe-20220124-E-clm-CAICAI.jpg", "image/jpeg");
  EXPECT_EQ(clm.status, ProvenanceStatus::Invalid);
  EXPECT_TRUE(has(failure_codes(clm), "assertion.hashedURI.mismatch"));
  EXPECT_TRUE(has(failure_codes(clm), "ingredient.manifest.missing"));
  EXPECT_EQ(clm.manifest->ingredients.size(), 2u);
}

TEST(ProvenanceFixtures, ASignedVideoIsValid) {
  Reader reader;
  report::Provenance p = read_fixture(reader, "video1.mp4", "video/mp4");
  EXPECT_EQ(p.status, ProvenanceStatus::Valid);
  EXPECT_EQ(p.manifest->signer.algorithm, "Es256");
  EXPECT_EQ(p.manifest->claim_generator, "TestApp c2patool/0.6.2 c2pa-rs/0.28.2");
  ASSERT_EQ(p.manifest->ingredients.size(), 1u);
  EXPECT_TRUE(p.manifest->ingredients[0].has_manifest);
}

TEST(ProvenanceFixtures, FilesWithoutCredentialsSayNone) {
  Reader reader;
  for (auto [name, format] : {std::pair{"no_manifest.jpg", "image/jpeg"}, {"video1_no_manifest.mp4", "video/mp4"},
                              {"c.mov", "video/quicktime"}, {"sample1.png", "image/png"}, {"mars.webp", "image/webp"},
                              {"sample1.heic", "image/heic"}}) {
    report::Provenance p = read_fixture(reader, name, format);
    EXPECT_EQ(p.status, ProvenanceStatus::None) << name;
    EXPECT_EQ(p.reason, "NO_MANIFEST") << name;
    EXPECT_FALSE(p.generative_ai) << name;
    EXPECT_EQ(p.manifest, std::nullopt) << name;
  }
}

TEST(ProvenanceFixtures, AFormatTheSdkDoesNotReadIsNoneNotInvalid) {
  auto text = std::filesystem::temp_directory_path() / "deeptrace-provenance-not-media.mkv";
  std::ofstream(text) << "not a media file\n";
  Reader reader;
  report::Provenance p = reader.read(text, "video/x-matroska");
  std::filesystem::remove(text);
  EXPECT_EQ(p.status, ProvenanceStatus::None) << p.summary;
  EXPECT_EQ(p.reason, "FORMAT_NOT_SUPPORTED") << p.summary;
}

TEST(ProvenanceFixtures, TruncatedFilesNeverThrow) {
  const auto dir = std::filesystem::temp_directory_path() / "deeptrace-provenance-truncated";
  std::filesystem::create_directories(dir);
  Reader reader;
  for (const char* name : {"C.jpg", "video1.mp4", "CIE-sig-CA.jpg"}) {
    const auto size = static_cast<std::int64_t>(std::filesystem::file_size(kFixtures / name));
    for (std::int64_t keep : {std::int64_t{0}, std::int64_t{1}, std::int64_t{100}, size / 10, size / 3, size / 2, size - 1}) {
      auto cut = dir / name;
      std::filesystem::copy_file(kFixtures / name, cut, std::filesystem::copy_options::overwrite_existing);
      std::filesystem::permissions(cut, std::filesystem::perms::owner_write, std::filesystem::perm_options::add);
      std::filesystem::resize_file(cut, static_cast<std::uintmax_t>(keep));
      report::Provenance p = reader.read(cut, std::string(name).ends_with(".mp4") ? "video/mp4" : "image/jpeg");
      EXPECT_NE(p.status, ProvenanceStatus::Valid) << name << " cut to " << keep;
      EXPECT_FALSE(p.summary.empty());
    }
  }
  std::filesystem::remove_all(dir);
}

TEST(ProvenanceConfig, ATrustFileThatCannotBeUsedIsRefusedAtStartUp) {
  EXPECT_THROW(Reader({"/nonexistent/anchors.pem", {}}), std::invalid_argument);
  auto not_pem = std::filesystem::temp_directory_path() / "deeptrace-not-a-pem.txt";
  std::ofstream(not_pem) << "not a certificate\n";
  EXPECT_THROW(Reader({not_pem, {}}), std::invalid_argument);
  std::filesystem::remove(not_pem);
}

// Media made and signed here: JPEG, PNG, AVIF, MP4 (video), MP3, WAV and M4A
// (sound), each saying a generative model made it.
class SignedMedia : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::filesystem::temp_directory_path() / ("deeptrace-provenance-signed-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
    signer_ = testing::make_test_signer(dir_ / "certs");
    const std::string d = dir_.string();
    testing::run_or_throw("ffmpeg -nostdin -y -f lavfi -i testsrc=size=160x120:rate=10 -frames:v 1 " + d + "/img.jpg");
    testing::run_or_throw("ffmpeg -nostdin -y -f lavfi -i testsrc=size=160x120:rate=10 -frames:v 1 " + d + "/img.png");
    testing::run_or_throw("ffmpeg -nostdin -y -f lavfi -i testsrc=size=160x120:rate=10 -t 1 -pix_fmt yuv420p "
                          "-movflags +faststart " + d + "/vid.mp4");
    testing::run_or_throw("ffmpeg -nostdin -y -f lavfi -i testsrc=size=160x120 -frames:v 1 -c:v libaom-av1 "
                          "-still-picture 1 -cpu-used 8 " + d + "/img.avif");
    for (const char* audio : {"snd.mp3", "snd.wav", "snd.m4a"})
      testing::run_or_throw("ffmpeg -nostdin -y -f lavfi -i sine=f=440:d=1 " + d + "/" + audio);
    for (const char* name : {"img.avif", "snd.mp3", "snd.wav", "snd.m4a"})
      testing::sign_media(signer_, dir_ / name, dir_ / (std::string("ai_") + name), kTrained);
    for (const char* name : {"img.jpg", "img.png", "vid.mp4"}) {
      testing::sign_media(signer_, dir_ / name, dir_ / (std::string("ai_") + name), kTrained);
      std::filesystem::copy_file(dir_ / (std::string("ai_") + name), dir_ / (std::string("tampered_") + name));
      testing::flip_byte(dir_ / (std::string("tampered_") + name), 200);
    }
    testing::sign_media(signer_, dir_ / "img.jpg", dir_ / "camera_img.jpg", kCapture);
  }
  static void TearDownTestSuite() { std::filesystem::remove_all(dir_); }
  static const char* format_of(const std::string& name) {
    for (auto [ext, type] : {std::pair{".mp4", "video/mp4"}, {".png", "image/png"}, {".avif", "image/avif"},
                             {".mp3", "audio/mpeg"}, {".wav", "audio/wav"}, {".m4a", "audio/mp4"}})
      if (name.ends_with(ext)) return type;
    return "image/jpeg";
  }
  static inline std::filesystem::path dir_;
  static inline testing::TestSigner signer_;
};

TEST_F(SignedMedia, AValidGenerativeStatementIsReadFromEachContainer) {
  Reader reader;
  for (std::string name : {"ai_img.jpg", "ai_img.png", "ai_vid.mp4", "ai_img.avif", "ai_snd.mp3", "ai_snd.wav",
                           "ai_snd.m4a"}) {
    report::Provenance p = reader.read(dir_ / name, format_of(name));
    EXPECT_EQ(p.status, ProvenanceStatus::Valid) << name << ": " << p.summary;
    EXPECT_TRUE(p.generative_ai) << name;
    ASSERT_TRUE(p.manifest.has_value()) << name;
    EXPECT_EQ(p.manifest->claim_generator, "deeptrace-tests/1");
    EXPECT_EQ(p.manifest->signer.common_name, "DeepTrace Test Signer");
    EXPECT_FALSE(p.manifest->signer.trusted) << "no trust list is configured";
    EXPECT_NE(p.summary.find("made by a generative AI model"), std::string::npos) << p.summary;
    EXPECT_TRUE(deeptrace::testing::matches_report_schema(report::Json(p), "Provenance"));
  }
}

TEST_F(SignedMedia, TheConfiguredTrustListDecidesWhetherTheSignerIsTrusted) {
  Reader trusting({signer_.root_pem, {}});
  report::Provenance p = trusting.read(dir_ / "ai_img.png", "image/png");
  EXPECT_EQ(p.status, ProvenanceStatus::Valid) << p.summary;
  EXPECT_TRUE(p.manifest->signer.trusted);
  std::ifstream in(signer_.root_pem, std::ios::binary);
  std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(p.trust_list, sha256_hex(pem));
  EXPECT_NE(p.summary.find("on the configured trusted list"), std::string::npos) << p.summary;
  // Another root on the list: the signer is not on it.
  auto other = testing::make_test_signer(dir_ / "other-certs");
  Reader other_list({other.root_pem, {}});
  EXPECT_FALSE(other_list.read(dir_ / "ai_img.png", "image/png").manifest->signer.trusted);
}

TEST_F(SignedMedia, OneChangedByteAfterSigningMakesTheCredentialsInvalid) {
  Reader reader;
  for (std::string name : {"tampered_img.jpg", "tampered_img.png", "tampered_vid.mp4"}) {
    report::Provenance p = reader.read(dir_ / name, format_of(name));
    EXPECT_EQ(p.status, ProvenanceStatus::Invalid) << name << ": " << p.summary;
    EXPECT_FALSE(p.generative_ai) << name << ": a broken manifest's statement does not count";
    auto codes = failure_codes(p);
    EXPECT_TRUE(has(codes, "assertion.dataHash.mismatch") || has(codes, "assertion.bmffHash.mismatch")) << name;
  }
}

TEST_F(SignedMedia, ACameraStatementIsValidButNotGenerative) {
  Reader reader;
  report::Provenance p = reader.read(dir_ / "camera_img.jpg", "image/jpeg");
  EXPECT_EQ(p.status, ProvenanceStatus::Valid);
  EXPECT_FALSE(p.generative_ai);
  EXPECT_NE(p.summary.find("captured by a camera"), std::string::npos) << p.summary;
}

}  // namespace
}  // namespace deeptrace::provenance
