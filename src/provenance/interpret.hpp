#pragma once
// Internal: from what the C2PA SDK says about a file (its manifest store
// JSON, or its error) to the report's provenance section. No SDK types, so
// the rules are tested on recorded SDK answers in any build.
#include <optional>
#include <string>
#include <string_view>

#include "report/report.hpp"

namespace deeptrace::provenance {

// The IPTC digital source types by which a signer says a generative model
// made the file.
bool is_generative_ai_source(std::string_view digital_source_type);

// c2pa_reader_json's manifest store. `trust_list`: sha256 of the anchors, or
// nullopt without any.
report::Provenance from_manifest_store(const report::Json& store, std::optional<std::string> trust_list);

// An SDK error, "Type: message" (ManifestNotFound, UnsupportedType, ...).
report::Provenance from_sdk_error(std::string_view error, std::optional<std::string> trust_list);

// Fills `summary`: one sentence a non-expert can read.
void summarise(report::Provenance& provenance);

}  // namespace deeptrace::provenance
