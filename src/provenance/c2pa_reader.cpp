// The reader on the C2PA SDK (c2pa-c-ffi 0.90.0). c2pa.h comes in through
// c2pa_file_stream.hpp only (its seek-mode enumerators are unprefixed).
#include "provenance/c2pa_file_stream.hpp"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "core/sha256.hpp"
#include "provenance/interpret.hpp"
#include "provenance/provenance.hpp"
#include "provenance/xmp.hpp"

namespace deeptrace::provenance {
namespace {

using report::Json;

// Every pointer the SDK hands out is released with c2pa_free.
struct SdkFree {
  void operator()(const void* p) const {
    if (p) c2pa_free(p);
  }
};
template <typename T>
using SdkPtr = std::unique_ptr<T, SdkFree>;

std::string take_string(char* text) {
  SdkPtr<char> owned(text);
  return owned ? std::string(owned.get()) : std::string();
}

std::string last_error() {
  std::string e = take_string(c2pa_error());
  return e.empty() ? "Other: the SDK gave no reason" : e;
}

std::string read_text_file(const std::filesystem::path& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument(std::string(what) + " " + path.string() + " cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Validation makes no network call: no remote manifests, no OCSP, and every
// host blocked in case a later build links an HTTP client. The SDK accepts
// unknown keys silently, so these are exactly c2pa 0.90.0's key names
// (docs/c2pa-sdk.md); tests/provenance checks that a trust list takes effect.
Json settings_of(const std::string& anchors_pem, const std::string& trust_config) {
  Json settings = {{"verify", {{"remote_manifest_fetch", false}, {"ocsp_fetch", false}}},
                   {"core", {{"allowed_network_hosts", Json::array()}}}};
  if (!anchors_pem.empty()) settings["trust"]["trust_anchors"] = anchors_pem;
  if (!trust_config.empty()) settings["trust"]["trust_config"] = trust_config;
  return settings;
}

SdkPtr<C2paContext> make_context(const Json& settings_json) {
  SdkPtr<C2paSettings> settings(c2pa_settings_new());
  if (!settings || c2pa_settings_update_from_string(settings.get(), settings_json.dump().c_str(), "json") != 0)
    throw std::invalid_argument("the C2PA SDK rejected the provenance settings: " + last_error());
  C2paContextBuilder* builder = c2pa_context_builder_new();
  if (!builder || c2pa_context_builder_set_settings(builder, settings.get()) != 0) {
    if (builder) c2pa_free(builder);
    throw std::invalid_argument("the C2PA SDK rejected the provenance settings: " + last_error());
  }
  SdkPtr<C2paContext> context(c2pa_context_builder_build(builder));  // consumes the builder
  if (!context) throw std::invalid_argument("the C2PA SDK could not make a context: " + last_error());
  return context;
}

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};

}  // namespace

std::optional<report::SdkRef> sdk() {
  // "c2pa-c-ffi/0.90.0 c2pa-rs/0.90.0": the validating library is c2pa-rs.
  static const std::optional<report::SdkRef> ref = [] {
    std::string version = take_string(c2pa_version());
    auto at = version.find("c2pa-rs/");
    std::string rs = at == std::string::npos ? version : version.substr(at + 8);
    return report::SdkRef{"c2pa-rs", rs.substr(0, rs.find(' '))};
  }();
  return ref;
}

struct Reader::Impl {
  SdkPtr<C2paContext> context;
  std::optional<std::string> trust_list;  // sha256 of the anchors' PEM
};

Reader::Reader(const ReaderConfig& config) : impl_(std::make_unique<Impl>()) {
  std::string anchors, trust_config;
  if (!config.trust_anchors.empty()) {
    anchors = read_text_file(config.trust_anchors, "the C2PA trust anchors file");
    if (anchors.find("-----BEGIN CERTIFICATE-----") == std::string::npos)
      throw std::invalid_argument("the C2PA trust anchors file " + config.trust_anchors.string() +
                                  " holds no PEM certificate");
    impl_->trust_list = sha256_hex(anchors);
  }
  if (!config.trust_config.empty()) trust_config = read_text_file(config.trust_config, "the C2PA trust config file");
  impl_->context = make_context(settings_of(anchors, trust_config));
}

Reader::~Reader() = default;

report::Provenance Reader::read(const std::filesystem::path& file, std::string_view format) const {
  const auto started = std::chrono::steady_clock::now();
  report::Provenance p;
  std::unique_ptr<std::FILE, FileCloser> f(std::fopen(file.c_str(), "rb"));
  if (!f) {
    p = from_sdk_error("Io: the file cannot be opened", impl_->trust_list);
  } else {
    StreamPtr stream = file_stream(f.get(), /*writable=*/false);
    C2paReader* empty = stream ? c2pa_reader_from_context(impl_->context.get()) : nullptr;
    // c2pa_reader_with_stream consumes `empty`, whatever it returns.
    SdkPtr<C2paReader> reader(empty ? c2pa_reader_with_stream(empty, std::string(format).c_str(), stream.get())
                                    : nullptr);
    std::string store = reader ? take_string(c2pa_reader_json(reader.get())) : std::string();
    Json parsed = store.empty() ? Json() : Json::parse(store, nullptr, /*allow_exceptions=*/false);
    p = parsed.is_object() ? from_manifest_store(parsed, impl_->trust_list)
                           : from_sdk_error(last_error(), impl_->trust_list);
  }
  p.sdk = sdk();
  if (p.status == report::ProvenanceStatus::None) p.xmp_digital_source_type = xmp_digital_source_type(file);
  summarise(p);
  p.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return p;
}

}  // namespace deeptrace::provenance
