// to_json / from_json of the report's provenance section (C2PA).
#include "report/json_fields.hpp"
#include "report/report.hpp"

namespace deeptrace::report {
using namespace detail;

void to_json(Json& j, const ProvenanceSigner& s) {
  j = {{"issuer", nullable(s.issuer)},       {"common_name", nullable(s.common_name)},
       {"algorithm", nullable(s.algorithm)}, {"time", nullable(s.time)},
       {"trusted", s.trusted}};
}
void from_json(const Json& j, ProvenanceSigner& s) {
  s.issuer = nullable_at<std::string>(j, "issuer");
  s.common_name = nullable_at<std::string>(j, "common_name");
  s.algorithm = null_or_absent_at<std::string>(j, "algorithm");
  s.time = nullable_at<std::string>(j, "time");
  j.at("trusted").get_to(s.trusted);
}

void to_json(Json& j, const ProvenanceAction& a) {
  j = {{"action", a.action},
       {"digital_source_type", nullable(a.digital_source_type)},
       {"software_agent", nullable(a.software_agent)},
       {"when", nullable(a.when)}};
}
void from_json(const Json& j, ProvenanceAction& a) {
  j.at("action").get_to(a.action);
  a.digital_source_type = nullable_at<std::string>(j, "digital_source_type");
  a.software_agent = nullable_at<std::string>(j, "software_agent");
  a.when = null_or_absent_at<std::string>(j, "when");
}

void to_json(Json& j, const ProvenanceIngredient& i) {
  j = {{"title", nullable(i.title)},
       {"relationship", nullable(i.relationship)},
       {"format", nullable(i.format)},
       {"has_manifest", i.has_manifest}};
}
void from_json(const Json& j, ProvenanceIngredient& i) {
  i.title = nullable_at<std::string>(j, "title");
  i.relationship = nullable_at<std::string>(j, "relationship");
  i.format = null_or_absent_at<std::string>(j, "format");
  j.at("has_manifest").get_to(i.has_manifest);
}

void to_json(Json& j, const ProvenanceManifest& m) {
  j = {{"label", m.label},     {"claim_generator", nullable(m.claim_generator)},
       {"title", nullable(m.title)}, {"format", nullable(m.format)},
       {"signer", m.signer},   {"actions", m.actions},
       {"ingredients", m.ingredients}};
}
void from_json(const Json& j, ProvenanceManifest& m) {
  j.at("label").get_to(m.label);
  m.claim_generator = nullable_at<std::string>(j, "claim_generator");
  m.title = nullable_at<std::string>(j, "title");
  m.format = null_or_absent_at<std::string>(j, "format");
  j.at("signer").get_to(m.signer);
  j.at("actions").get_to(m.actions);
  j.at("ingredients").get_to(m.ingredients);
}

void to_json(Json& j, const ProvenanceFailure& f) {
  j = {{"code", f.code}, {"explanation", nullable(f.explanation)}, {"ingredient", f.ingredient}};
}
void from_json(const Json& j, ProvenanceFailure& f) {
  j.at("code").get_to(f.code);
  f.explanation = nullable_at<std::string>(j, "explanation");
  j.at("ingredient").get_to(f.ingredient);
}

void to_json(Json& j, const SdkRef& s) { j = {{"name", s.name}, {"version", s.version}}; }
void from_json(const Json& j, SdkRef& s) {
  j.at("name").get_to(s.name);
  j.at("version").get_to(s.version);
}

void to_json(Json& j, const Provenance& p) {
  j = {{"status", p.status},
       {"reason", nullable(p.reason)},
       {"summary", p.summary},
       {"generative_ai", p.generative_ai},
       {"sdk", nullable(p.sdk)},
       {"trust_list", nullable(p.trust_list)},
       {"manifest", nullable(p.manifest)},
       {"failures", p.failures},
       {"not_fetched", p.not_fetched},
       {"xmp_digital_source_type", nullable(p.xmp_digital_source_type)}};
  put_if(j, "ms", p.ms);
}
void from_json(const Json& j, Provenance& p) {
  j.at("status").get_to(p.status);
  p.reason = nullable_at<std::string>(j, "reason");
  j.at("summary").get_to(p.summary);
  j.at("generative_ai").get_to(p.generative_ai);
  p.sdk = nullable_at<SdkRef>(j, "sdk");
  p.trust_list = nullable_at<std::string>(j, "trust_list");
  p.manifest = nullable_at<ProvenanceManifest>(j, "manifest");
  j.at("failures").get_to(p.failures);
  j.at("not_fetched").get_to(p.not_fetched);
  p.xmp_digital_source_type = nullable_at<std::string>(j, "xmp_digital_source_type");
  p.ms = get_if<double>(j, "ms");
}

}  // namespace deeptrace::report
