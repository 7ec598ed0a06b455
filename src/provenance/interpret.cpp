#include "provenance/interpret.hpp"

#include <algorithm>
#include <array>
#include <sstream>
#include <utility>

namespace deeptrace::provenance {
namespace {

using report::Json;
using report::ProvenanceStatus;

constexpr std::string_view kIptcPrefix = "http://cv.iptc.org/newscodes/digitalsourcetype/";
constexpr std::string_view kUntrusted = "signingCredential.untrusted";

std::optional<std::string> string_at(const Json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

const Json& array_at(const Json& j, const char* name) {
  static const Json empty = Json::array();
  auto it = j.find(name);
  return it != j.end() && it->is_array() ? *it : empty;
}

// "name/version" of a claim v2 {name, version} object; nullopt without a name.
std::optional<std::string> name_and_version(const Json& info) {
  auto name = info.is_object() ? string_at(info, "name") : std::nullopt;
  if (!name) return std::nullopt;
  auto version = string_at(info, "version");
  return version ? *name + "/" + *version : *name;
}

// claim_generator (claim v1), or the first claim_generator_info entry
// (claim v2 manifests, what current SDKs write, have only that).
std::optional<std::string> claim_generator_of(const Json& manifest) {
  if (auto v1 = string_at(manifest, "claim_generator")) return v1;
  for (const Json& info : array_at(manifest, "claim_generator_info"))
    if (auto named = name_and_version(info)) return named;
  return std::nullopt;
}

// softwareAgent is a string in claim v1 and {name, version} in v2.
std::optional<std::string> software_agent_of(const Json& action) {
  auto it = action.find("softwareAgent");
  if (it == action.end()) return std::nullopt;
  return it->is_string() ? it->get<std::string>() : name_and_version(*it);
}

std::vector<report::ProvenanceAction> actions_of(const Json& manifest) {
  std::vector<report::ProvenanceAction> actions;
  for (const Json& assertion : array_at(manifest, "assertions")) {
    auto label = string_at(assertion, "label");
    // c2pa.actions, c2pa.actions.v2 (and their numbered repeats, c2pa.actions__1)
    if (!label || label->rfind("c2pa.actions", 0) != 0 || !assertion.contains("data")) continue;
    for (const Json& a : array_at(assertion.at("data"), "actions")) {
      if (!a.is_object()) continue;
      actions.push_back({string_at(a, "action").value_or("unknown"), string_at(a, "digitalSourceType"),
                         software_agent_of(a), string_at(a, "when")});
    }
  }
  return actions;
}

std::vector<report::ProvenanceIngredient> ingredients_of(const Json& manifest) {
  std::vector<report::ProvenanceIngredient> ingredients;
  for (const Json& i : array_at(manifest, "ingredients")) {
    if (!i.is_object()) continue;
    ingredients.push_back({string_at(i, "title"), string_at(i, "relationship"), string_at(i, "format"),
                           i.contains("active_manifest") || i.contains("manifest_data")});
  }
  return ingredients;
}

report::ProvenanceSigner signer_of(const Json& manifest, bool trusted) {
  report::ProvenanceSigner signer;
  auto it = manifest.find("signature_info");
  if (it != manifest.end() && it->is_object()) {
    signer.issuer = string_at(*it, "issuer");
    signer.common_name = string_at(*it, "common_name");
    signer.algorithm = string_at(*it, "alg");
    signer.time = string_at(*it, "time");
  }
  signer.trusted = trusted;
  return signer;
}

bool has_code(const Json& statuses, std::string_view code_prefix) {
  return std::any_of(statuses.begin(), statuses.end(), [&](const Json& s) {
    auto code = string_at(s, "code");
    return code && code->rfind(code_prefix, 0) == 0;
  });
}

void add_failures(const Json& statuses, bool ingredient, std::vector<report::ProvenanceFailure>& out) {
  for (const Json& s : statuses) {
    auto code = string_at(s, "code");
    if (!code || *code == kUntrusted) continue;  // signer.trusted says it
    bool repeated = std::any_of(out.begin(), out.end(), [&](const report::ProvenanceFailure& f) {
      return f.code == *code && f.ingredient == ingredient;
    });
    if (!repeated) out.push_back({*code, string_at(s, "explanation"), ingredient});
  }
}

// Failures of the active manifest, then of its ingredients. Without
// validation_results (older SDK output): the flat validation_status list.
std::vector<report::ProvenanceFailure> failures_of(const Json& store) {
  std::vector<report::ProvenanceFailure> failures;
  auto results = store.find("validation_results");
  if (results == store.end() || !results->is_object()) {
    add_failures(array_at(store, "validation_status"), false, failures);
    return failures;
  }
  if (auto active = results->find("activeManifest"); active != results->end() && active->is_object())
    add_failures(array_at(*active, "failure"), false, failures);
  for (const Json& delta : array_at(*results, "ingredientDeltas")) {
    auto deltas = delta.find("validationDeltas");
    if (deltas != delta.end() && deltas->is_object()) add_failures(array_at(*deltas, "failure"), true, failures);
  }
  return failures;
}

const Json& active_successes(const Json& store) {
  static const Json empty = Json::array();
  auto results = store.find("validation_results");
  if (results == store.end() || !results->is_object()) return empty;
  auto active = results->find("activeManifest");
  return active != results->end() && active->is_object() ? array_at(*active, "success") : empty;
}

// Failures that say the manifest could not be checked here, not that it is broken.
bool only_unverifiable(const std::vector<report::ProvenanceFailure>& failures) {
  auto unverifiable = [](const report::ProvenanceFailure& f) {
    return f.code == "algorithm.unsupported" || f.code == "signingCredential.ocsp.unknown";
  };
  return !failures.empty() && std::all_of(failures.begin(), failures.end(), unverifiable);
}

void decide_status(report::Provenance& p, const std::optional<std::string>& state) {
  bool active_failed = std::any_of(p.failures.begin(), p.failures.end(),
                                   [](const report::ProvenanceFailure& f) { return !f.ingredient; });
  if (state == "Invalid" || (!state && active_failed)) {
    if (only_unverifiable(p.failures)) {
      p.status = ProvenanceStatus::Unverifiable;
      p.reason = "ALGORITHM_UNSUPPORTED";
    } else {
      p.status = ProvenanceStatus::Invalid;
      p.reason = "VALIDATION_FAILED";
    }
    return;
  }
  p.status = ProvenanceStatus::Valid;
  p.reason = std::nullopt;
}

bool states_generative_ai(const report::ProvenanceManifest& m) {
  return std::any_of(m.actions.begin(), m.actions.end(), [](const report::ProvenanceAction& a) {
    return a.digital_source_type && is_generative_ai_source(*a.digital_source_type);
  });
}

std::string name_of_signer(const report::ProvenanceSigner& s) {
  if (s.common_name && s.issuer && *s.common_name != *s.issuer)
    return *s.common_name + " (certificate issued by " + *s.issuer + ")";
  if (s.common_name) return *s.common_name;
  if (s.issuer) return *s.issuer;
  return "an unnamed signer";
}

std::string source_type_words(std::string_view iri) {
  std::string_view term = iri.substr(iri.rfind('/') == std::string_view::npos ? 0 : iri.rfind('/') + 1);
  if (term == "trainedAlgorithmicMedia") return "made by a generative AI model";
  if (term == "compositeWithTrainedAlgorithmicMedia") return "a composite that includes generative AI content";
  if (term == "algorithmicMedia") return "made by an algorithm, without a trained model";
  if (term == "digitalCapture") return "captured by a camera or recorder";
  if (term == "compositeSynthetic") return "a composite of synthetic elements";
  if (term == "composite") return "a composite of several sources";
  return "of digital source type " + std::string(term);
}

// What the signer says the file is, from the strongest action statement.
std::optional<std::string> stated_source(const report::ProvenanceManifest& m) {
  for (const auto& a : m.actions)
    if (a.digital_source_type && is_generative_ai_source(*a.digital_source_type)) return a.digital_source_type;
  for (const auto& a : m.actions)
    if (a.digital_source_type) return a.digital_source_type;
  return std::nullopt;
}

std::string valid_summary(const report::Provenance& p) {
  const auto& m = *p.manifest;
  std::ostringstream s;
  s << "Content Credentials signed by " << name_of_signer(m.signer)
    << (m.signer.trusted ? ", on the configured trusted list" : ", not on a trusted list");
  if (m.claim_generator) s << ", made with " << *m.claim_generator;
  if (m.signer.time) s << ", at " << *m.signer.time;
  if (auto source = stated_source(m))
    s << "; the signer says the file was " << source_type_words(*source);
  if (!m.ingredients.empty())
    s << "; made from " << m.ingredients.size() << (m.ingredients.size() == 1 ? " earlier file" : " earlier files");
  s << ".";
  return s.str();
}

std::string invalid_summary(const report::Provenance& p) {
  std::ostringstream s;
  s << "Content Credentials are present but invalid";
  if (!p.failures.empty()) {
    const auto& f = p.failures.front();
    s << ": " << (f.explanation ? *f.explanation : f.code) << " (" << f.code << (f.ingredient ? ", in an ingredient" : "")
      << ")";
  }
  s << "; the file may have been changed after it was signed, so its stated origin cannot be relied on.";
  return s.str();
}

std::string summary_of(const report::Provenance& p) {
  switch (p.status) {
    case ProvenanceStatus::Valid:
      return valid_summary(p);
    case ProvenanceStatus::Invalid:
      return invalid_summary(p);
    case ProvenanceStatus::Unverifiable:
      if (p.reason == "REMOTE_MANIFEST_NOT_FETCHED")
        return "Content Credentials are stored elsewhere (a remote manifest) and were not fetched: reading makes no "
               "network calls, so they could not be checked.";
      return "Content Credentials could not be checked here" +
             (p.failures.empty() ? std::string(".") : " (" + p.failures.front().code + ").");
    case ProvenanceStatus::Unavailable:
      return "Content Credentials were not checked: this DeepTrace was built without the C2PA SDK.";
    case ProvenanceStatus::None:
      break;
  }
  std::string none = p.reason == "FORMAT_NOT_SUPPORTED"
                         ? "The C2PA SDK reads no Content Credentials from this file format."
                         : "No Content Credentials. Most files have none, so this says nothing about whether the file "
                           "is authentic.";
  if (p.xmp_digital_source_type)
    none += " Its unsigned XMP metadata says it was " + source_type_words(*p.xmp_digital_source_type) +
            " (anyone can write that).";
  return none;
}

report::Provenance base(std::optional<std::string> trust_list) {
  report::Provenance p;
  p.trust_list = std::move(trust_list);
  return p;
}

}  // namespace

bool is_generative_ai_source(std::string_view type) {
  if (type.rfind(kIptcPrefix, 0) == 0) type.remove_prefix(kIptcPrefix.size());
  return type == "trainedAlgorithmicMedia" || type == "compositeWithTrainedAlgorithmicMedia";
}

report::Provenance from_manifest_store(const Json& store, std::optional<std::string> trust_list) {
  report::Provenance p = base(std::move(trust_list));
  auto label = store.is_object() ? string_at(store, "active_manifest") : std::nullopt;
  auto manifests = store.is_object() ? store.find("manifests") : store.end();
  if (!label || manifests == store.end() || !manifests->is_object() || !manifests->contains(*label) ||
      !manifests->at(*label).is_object()) {
    p.status = ProvenanceStatus::Invalid;
    p.reason = "MANIFEST_UNREADABLE";
    p.failures = {{"manifest.noActiveManifest", "the manifest store names no readable active manifest", false}};
    return p;
  }
  const Json& m = manifests->at(*label);
  auto state = string_at(store, "validation_state");
  bool trusted = state == "Trusted" || has_code(active_successes(store), "signingCredential.trusted");
  p.manifest = report::ProvenanceManifest{*label,           claim_generator_of(m), string_at(m, "title"),
                                          string_at(m, "format"), signer_of(m, trusted), actions_of(m),
                                          ingredients_of(m)};
  p.failures = failures_of(store);
  decide_status(p, state);
  p.generative_ai = p.status == ProvenanceStatus::Valid && states_generative_ai(*p.manifest);
  // Revocation is checked only from an OCSP response stapled in the manifest.
  if (!has_code(active_successes(store), "signingCredential.ocsp.")) p.not_fetched.push_back("OCSP");
  return p;
}

report::Provenance from_sdk_error(std::string_view error, std::optional<std::string> trust_list) {
  report::Provenance p = base(std::move(trust_list));
  std::string type(error.substr(0, error.find(':')));
  auto message = error.find(':') == std::string_view::npos ? std::string(error)
                                                           : std::string(error.substr(error.find(':') + 1));
  message.erase(0, message.find_first_not_of(' '));
  if (type == "ManifestNotFound") {
    p.status = ProvenanceStatus::None;
    p.reason = "NO_MANIFEST";
  } else if (type == "NotSupported") {
    p.status = ProvenanceStatus::None;
    p.reason = "FORMAT_NOT_SUPPORTED";
  } else if (type == "Remote") {
    p.status = ProvenanceStatus::Unverifiable;
    p.reason = "REMOTE_MANIFEST_NOT_FETCHED";
    p.not_fetched = {"REMOTE_MANIFEST"};
  } else if (type == "Signature" && message.find("algorithm") != std::string::npos) {
    p.status = ProvenanceStatus::Unverifiable;
    p.reason = "ALGORITHM_UNSUPPORTED";
    p.failures = {{"algorithm.unsupported", message, false}};
  } else if (type == "Assertion" || type == "AssertionNotFound" || type == "Decoding" || type == "Manifest" ||
             type == "Signature" || type == "Verify") {
    // The file carries a manifest the SDK found but could not make sense of.
    p.status = ProvenanceStatus::Invalid;
    p.reason = "MANIFEST_UNREADABLE";
    p.failures = {{"sdk." + type, message, false}};
  } else {
    p.status = ProvenanceStatus::Unverifiable;  // Io, Other, ...: not a statement about the credentials
    p.reason = "READ_FAILED";
    p.failures = {{"sdk." + (type.empty() ? std::string("Other") : type), message, false}};
  }
  return p;
}

void summarise(report::Provenance& provenance) { provenance.summary = summary_of(provenance); }

}  // namespace deeptrace::provenance
