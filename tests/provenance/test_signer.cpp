#include "test_signer.hpp"

#include "provenance/c2pa_file_stream.hpp"

#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>

namespace deeptrace::provenance::testing {
namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string sdk_error() {
  char* e = c2pa_error();
  std::string text = e ? e : "?";
  if (e) c2pa_free(e);
  return text;
}

}  // namespace

void run_or_throw(const std::string& command) {
  if (std::system(("(" + command + ") >/dev/null 2>&1").c_str()) != 0) throw std::runtime_error("failed: " + command);
}

TestSigner make_test_signer(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  const std::string d = dir.string();
  std::ofstream(dir / "ee.ext") << "basicConstraints=critical,CA:FALSE\n"
                                   "keyUsage=critical,digitalSignature\n"
                                   "extendedKeyUsage=emailProtection\n"
                                   "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n";
  run_or_throw("cd " + d + " && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
               " -keyout root.key -out root.pem -days 3650 -sha256 -subj '/CN=DeepTrace Test Root/O=DeepTrace tests'"
               " -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign");
  run_or_throw("cd " + d + " && openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes"
               " -keyout signer.key -out signer.csr -subj '/CN=DeepTrace Test Signer/O=DeepTrace tests'");
  run_or_throw("cd " + d + " && openssl x509 -req -in signer.csr -CA root.pem -CAkey root.key -CAcreateserial"
               " -out signer.pem -days 365 -sha256 -extfile ee.ext && cat signer.pem root.pem > chain.pem");
  return {dir / "root.pem", dir / "chain.pem", dir / "signer.key"};
}

void sign_media(const TestSigner& signer, const std::filesystem::path& in, const std::filesystem::path& out,
                const std::string& digital_source_type) {
  const std::string cert = slurp(signer.chain_pem), key = slurp(signer.key_pem);
  C2paSignerInfo info{"es256", cert.c_str(), key.c_str(), nullptr};
  C2paSigner* sdk_signer = c2pa_signer_from_info(&info);
  if (!sdk_signer) throw std::runtime_error("signer: " + sdk_error());
  C2paContext* context = c2pa_context_new();
  const std::string definition =
      R"({"claim_generator_info":[{"name":"deeptrace-tests","version":"1"}],"title":")" + in.filename().string() +
      R"(","assertions":[{"label":"c2pa.actions","data":{"actions":[{"action":"c2pa.created","digitalSourceType":")" +
      digital_source_type + R"("}]}}]})";
  C2paBuilder* builder = c2pa_builder_with_definition(c2pa_builder_from_context(context), definition.c_str());
  if (!builder) throw std::runtime_error("builder: " + sdk_error());
  std::FILE* src = std::fopen(in.c_str(), "rb");
  std::FILE* dst = std::fopen(out.c_str(), "w+b");
  StreamPtr src_stream = file_stream(src, /*writable=*/false);
  StreamPtr dst_stream = file_stream(dst, /*writable=*/true);
  const unsigned char* manifest = nullptr;
  const std::string ext = in.extension().string().substr(1);
  int64_t size = c2pa_builder_sign(builder, ext.c_str(), src_stream.get(), dst_stream.get(), sdk_signer, &manifest);
  std::string error = size < 0 ? sdk_error() : "";
  c2pa_free(manifest);
  src_stream.reset();
  dst_stream.reset();
  std::fclose(src);
  std::fclose(dst);
  c2pa_free(builder);
  c2pa_free(sdk_signer);
  c2pa_free(context);
  if (size < 0) throw std::runtime_error("sign " + in.string() + ": " + error);
}

void flip_byte(const std::filesystem::path& file, std::int64_t from_end) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(-from_end, std::ios::end);
  char c = 0;
  f.get(c);
  f.seekp(-from_end, std::ios::end);
  f.put(static_cast<char>(c ^ 0x5a));
}

}  // namespace deeptrace::provenance::testing
