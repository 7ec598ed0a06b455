// Job options and the other client-supplied strings an upload carries:
//  - the request target's query string (api::parse_target, percent-decoding),
//    where `frames`, `detectors` and `priority` come from;
//  - the file name (X-Filename is percent-decoded, then sanitize_filename):
//    the cleaned name is stored and sent back in every job document, so it
//    must serialise as JSON (nlohmann throws on invalid UTF-8) and keep its
//    documented invariants;
//  - the stored options document (options_from_json / options_to_json round
//    trip) and validate_options.
// The request handler's own apply_options() is file-local in
// src/api/create_job.cpp; see docs/testing.md for what that leaves out.
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "api/filename.hpp"
#include "api/router.hpp"
#include "core/errors.hpp"
#include "core/job.hpp"
#include "fuzz_util.hpp"

namespace {

using deeptrace::fuzz::check;

bool serialises(const std::string& s) {
  try {
    (void)nlohmann::json(s).dump();
    return true;
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

void check_filename(std::string_view raw) {
  std::string name = deeptrace::api::sanitize_filename(raw);
  check(!name.empty(), "sanitized file name is empty");
  check(name.size() <= deeptrace::api::kMaxFilenameBytes, "sanitized file name over the length cap");
  check(name.find_first_of("/\\") == std::string::npos, "sanitized file name keeps a directory separator");
  for (unsigned char c : name) check(c >= 0x20 && c != 0x7F, "sanitized file name keeps a control byte");
  check(name.front() != ' ' && name.front() != '.' && name.back() != ' ' && name.back() != '.',
        "sanitized file name starts or ends with a space or dot");
  check(serialises(name), "sanitized file name is not valid UTF-8 (the job document cannot be serialised)");
  check(deeptrace::api::sanitize_filename(name) == name, "sanitize_filename is not idempotent");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);

  // Query string.
  std::string target = input.empty() || input.front() != '/' ? "/api/v1/jobs?" + std::string(input) : std::string(input);
  deeptrace::api::Target parsed = deeptrace::api::parse_target(target);
  check(parsed.path.find('?') == std::string::npos, "parsed path keeps the query");
  for (const auto& [key, value] : parsed.query) {
    check(key.size() <= target.size() && value.size() <= target.size(), "a decoded query item grew");
  }
  check(deeptrace::api::percent_decode(input).size() <= input.size(), "percent_decode grew its input");

  // File name, raw (multipart filename=) and percent-decoded (X-Filename).
  check_filename(input);
  check_filename(deeptrace::api::percent_decode(input));

  // Options document.
  nlohmann::json doc = nlohmann::json::parse(input, nullptr, /*allow_exceptions=*/false);
  if (doc.is_object()) {
    try {
      deeptrace::JobOptions options = deeptrace::options_from_json(doc);
      nlohmann::json again = deeptrace::options_to_json(options);
      check(deeptrace::options_to_json(deeptrace::options_from_json(again)) == again,
            "options do not round-trip through JSON");
      try {
        deeptrace::validate_options(options);
        check(options.frames >= 1 && options.frames <= deeptrace::JobOptions::kMaxFrames,
              "validate_options accepted an out-of-range frame count");
      } catch (const deeptrace::Error& e) {
        check(e.code() == deeptrace::ErrorCode::INVALID_REQUEST, "validate_options threw another code");
      }
    } catch (const nlohmann::json::exception&) {
      // A stored document of the wrong shape; stores only read what they wrote.
    }
  }
  return 0;
}
