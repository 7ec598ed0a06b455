// test_sign_media CERT_DIR IN OUT [DIGITAL_SOURCE_TYPE]: signs IN into OUT
// with a throw-away certificate made in CERT_DIR (its root.pem is the trust
// anchor), for the process-level tests (pytest, browser journey). Test
// material only: DeepTrace itself never signs.
#include <filesystem>
#include <iostream>

#include "test_signer.hpp"

int main(int argc, char** argv) {
  if (argc < 4 || argc > 5) {
    std::cerr << "usage: test_sign_media CERT_DIR IN OUT [DIGITAL_SOURCE_TYPE]\n";
    return 2;
  }
  namespace t = deeptrace::provenance::testing;
  try {
    std::filesystem::path certs = argv[1];
    t::TestSigner signer = std::filesystem::exists(certs / "chain.pem")
                               ? t::TestSigner{certs / "root.pem", certs / "chain.pem", certs / "signer.key"}
                               : t::make_test_signer(certs);
    t::sign_media(signer, argv[2], argv[3],
                  argc == 5 ? argv[4] : "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia");
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "test_sign_media: " << e.what() << "\n";
    return 1;
  }
}
