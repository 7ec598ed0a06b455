// The Content Credentials reader on arbitrary bytes, as the worker runs it on
// every upload (src/provenance on the C2PA SDK): it may never throw, crash,
// abort (a Rust panic crossing the C API would) or hang (-timeout), and what
// it returns must be a status the report can carry. The SDK itself is not
// instrumented, so coverage guidance sees only DeepTrace's side; seeds are
// the SDK's own signed, altered and unsigned test files.
#include <cstdint>
#include <string_view>

#include "fuzz_util.hpp"
#include "provenance/provenance.hpp"

namespace {

// The MIME type the upload's magic bytes would give, as the worker passes it.
const char* format_of(std::string_view head) {
  if (head.starts_with("\xFF\xD8\xFF")) return "image/jpeg";
  if (head.starts_with("\x89PNG")) return "image/png";
  if (head.starts_with("RIFF") && head.size() >= 12 && head.substr(8, 4) == "WEBP") return "image/webp";
  if (head.size() >= 8 && head.substr(4, 4) == "ftyp") return "video/mp4";
  if (head.starts_with("ID3")) return "audio/mpeg";
  return "video/quicktime";
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto file = deeptrace::fuzz::scratch_file("provenance");
  static const deeptrace::provenance::Reader reader;
  deeptrace::fuzz::write_file(file, data, size);
  std::string_view head(reinterpret_cast<const char*>(data), size < 16 ? size : 16);
  auto p = reader.read(file, format_of(head));
  deeptrace::fuzz::check(!p.summary.empty(), "a provenance without a summary");
  deeptrace::fuzz::check(p.status != deeptrace::report::ProvenanceStatus::Valid || p.manifest.has_value(),
                         "valid without a manifest");
  deeptrace::fuzz::check(!p.generative_ai || p.status == deeptrace::report::ProvenanceStatus::Valid,
                         "a generative-AI statement from credentials that are not valid");
  return 0;
}
