#pragma once
// Content Credentials (C2PA): the provenance a file's signer states, read
// and validated with the C2PA organisation's own SDK (c2pa-c-ffi, built by
// scripts/build-c2pa) and reported beside the detectors ($defs.Provenance,
// docs/provenance.md). Reading makes no network call. A build without the
// SDK reads nothing and says `unavailable`.
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "report/report.hpp"

namespace deeptrace::provenance {

struct ReaderConfig {
  // A PEM bundle of trust anchors; a signer chaining to one is "trusted".
  // Empty (the default): no list, so every signer is "not on a trusted list".
  std::filesystem::path trust_anchors;
  // The extended key usages a signing certificate may have, one OID per
  // line (the SDK's trust_config); empty: the SDK's default list.
  std::filesystem::path trust_config;
};

// The SDK this build reads with, or nullopt when it was built without one.
std::optional<report::SdkRef> sdk();

class Reader {
 public:
  // Reads the trust files once. Throws std::invalid_argument naming the file
  // when one cannot be read or the SDK rejects it.
  explicit Reader(const ReaderConfig& config = {});
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  // The file's provenance. `format` is its MIME type or extension (the SDK
  // picks its parser by it). Never throws for what the file holds: broken,
  // truncated or hostile credentials are a status, not an exception.
  report::Provenance read(const std::filesystem::path& file, std::string_view format) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace deeptrace::provenance
