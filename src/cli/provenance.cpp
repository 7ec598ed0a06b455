// `deeptrace provenance FILE`: the file's Content Credentials, read and
// validated here with the C2PA SDK, offline (no server, no network).
#include <filesystem>
#include <iostream>
#include <stdexcept>

#include "cli/cli_error.hpp"
#include "cli/commands.hpp"
#include "cli/summary.hpp"
#include "core/errors.hpp"
#include "media/probe.hpp"
#include "provenance/provenance.hpp"

namespace deeptrace::cli {
namespace {

// The SDK picks its parser by MIME type or extension: the sniffed type of a
// video, audio or picture file, else the extension (TIFF, GIF, PDF, SVG ...
// carry credentials too, and DeepTrace does not analyse them).
std::string format_of(const std::filesystem::path& file) {
  try {
    return media::sniff_media_type(file);
  } catch (const Error&) {
    std::string ext = file.extension().string();
    return ext.empty() ? "application/octet-stream" : ext.substr(1);
  }
}

}  // namespace

ExitCode run_provenance(const ProvenanceOptions& options, std::ostream& out) {
  std::unique_ptr<provenance::Reader> reader;
  try {
    reader = std::make_unique<provenance::Reader>(provenance::ReaderConfig{options.trust_anchors, options.trust_config});
  } catch (const std::invalid_argument& e) {
    throw usage_error(e.what());
  }
  ExitCode worst = ExitCode::Ok;
  for (const auto& file : options.files) {
    if (!std::filesystem::is_regular_file(file)) {
      print_error(file, "", "not a readable file");
      worst = worse(worst, ExitCode::Usage);
      continue;
    }
    report::Provenance p = reader->read(file, format_of(file));
    if (options.json) {
      out << Json(p).dump() << "\n";
    } else {
      if (options.files.size() > 1) out << file << "\n";
      out << provenance_details(p);
    }
  }
  return worst;
}

}  // namespace deeptrace::cli
