// The reader of a build without the C2PA SDK (scripts/build-c2pa found no
// Rust toolchain at the crate's MSRV): every file's provenance is
// `unavailable`, and the rest of the product runs as before.
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "provenance/interpret.hpp"
#include "provenance/provenance.hpp"
#include "provenance/xmp.hpp"

namespace deeptrace::provenance {

std::optional<report::SdkRef> sdk() { return std::nullopt; }

struct Reader::Impl {};

Reader::Reader(const ReaderConfig& config) : impl_(std::make_unique<Impl>()) {
  // The same start-up checks as with the SDK: a wrong path is a wrong path.
  for (const auto& path : {config.trust_anchors, config.trust_config})
    if (!path.empty() && !std::ifstream(path))
      throw std::invalid_argument("the C2PA trust file " + path.string() + " cannot be read");
}

Reader::~Reader() = default;

report::Provenance Reader::read(const std::filesystem::path& file, std::string_view) const {
  report::Provenance p;
  p.status = report::ProvenanceStatus::Unavailable;
  p.reason = "SDK_NOT_BUILT";
  p.xmp_digital_source_type = xmp_digital_source_type(file);
  summarise(p);
  return p;
}

}  // namespace deeptrace::provenance
