// Job options and the other client-supplied strings an upload carries:
//  - the request target's query string (api::parse_target, percent-decoding)
//    and the options read from it or from multipart fields
//    (api::apply_options: `frames`, `detectors`, `priority`); what it accepts
//    must be in range and must serialise into the job document;
//  - the file name (X-Filename is percent-decoded, then sanitize_filename):
//    the cleaned name is stored and sent back in every job document, so it
//    must serialise as JSON (nlohmann throws on invalid UTF-8) and keep its
//    documented invariants;
//  - the stored options document (options_from_json / options_to_json round
//    trip) and validate_options.
// Whether named detectors are installed is checked later, against the model
// catalogue in the upload handler, and is not fuzzed here.
#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "api/filename.hpp"
#include "api/job_options.hpp"
#include "api/target.hpp"
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

void check_options(const std::map<std::string, std::string>& fields,
                   const std::map<std::string, std::string>& query) {
  deeptrace::JobOptions options;
  int priority = 0;
  try {
    deeptrace::api::apply_options(fields, query, options, priority);
  } catch (const deeptrace::Error& e) {
    check(e.code() == deeptrace::ErrorCode::INVALID_REQUEST, "apply_options threw another code");
    return;
  }
  check(options.frames >= 1 && options.frames <= deeptrace::JobOptions::kMaxFrames, "accepted frames out of range");
  check(priority >= -100 && priority <= 100, "accepted priority out of range");
  for (const auto& name : options.detectors) {
    check(!name.empty(), "an empty detector name was kept");
    check(name.front() != ' ' && name.front() != '\t' && name.back() != ' ' && name.back() != '\t',
          "a detector name keeps surrounding blanks");
    check(name.find(',') == std::string::npos, "a detector name keeps a comma");
  }
  bool stored = true;
  try {
    (void)deeptrace::options_to_json(options).dump();
  } catch (const nlohmann::json::exception&) {
    stored = false;
  }
  check(stored, "accepted options cannot be serialised into the job document");
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
  check_options({}, parsed.query);  // options in the query string
  check_options(parsed.query, {});  // the same as multipart fields

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
