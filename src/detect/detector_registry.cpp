#include "core/errors.hpp"
#include "detect/detector.hpp"

namespace deeptrace::detect {

std::shared_ptr<const catalog::ModelCatalog> catalog_of(const DetectorContext& context) {
  if (context.catalog) return context.catalog;
  return std::make_shared<const catalog::ModelCatalog>(catalog::ModelCatalog::load(context.models_dir));
}

DetectorRegistry& detector_registry() {
  static DetectorRegistry instance("detector");
  return instance;
}

void register_detector(const std::string& name, DetectorRegistry::Factory factory) {
  detector_registry().add(name, std::move(factory));
}

std::vector<std::string> detector_names() { return detector_registry().names(); }

bool is_registered_detector(const std::string& name) { return detector_registry().contains(name); }

bool detector_available(const std::string& name, const DetectorContext& context) {
  if (!is_registered_detector(name)) throw Error(ErrorCode::INVALID_REQUEST, "unknown detector '" + name + "'");
  auto catalogue = catalog_of(context);  // held: entries point into it
  const catalog::ModelEntry* entry = catalogue->find_detector(name);
  return entry && entry->available();
}

Json detector_card(const std::string& name, const DetectorContext& context) {
  auto catalogue = catalog_of(context);
  const catalog::ModelEntry* entry = catalogue->find_detector(name);
  return entry ? entry->card() : Json(nullptr);
}

std::unique_ptr<Detector> make_detector(const std::string& name, const DetectorContext& context) {
  return detector_registry().create(name, context);
}

}  // namespace deeptrace::detect
