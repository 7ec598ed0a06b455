#include <fstream>
#include <map>
#include <mutex>

#include "core/errors.hpp"
#include "detect/detector.hpp"
#include "detect/mesonet_detector.hpp"

namespace deeptrace::detect {
namespace {

// Built-ins are added here rather than by static initialisers, which a
// static library's linker would silently drop.
struct DetectorRegistry {
  DetectorRegistry() {
    for (const auto& name : mesonet_names()) entries[name] = mesonet_entry(name);
  }
  std::mutex mutex;
  std::map<std::string, DetectorEntry> entries;
};

DetectorRegistry& registry() {
  static DetectorRegistry instance;
  return instance;
}

DetectorEntry lookup(const std::string& name) {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  auto it = r.entries.find(name);
  if (it == r.entries.end()) throw Error(ErrorCode::INVALID_REQUEST, "unknown detector '" + name + "'");
  return it->second;
}

}  // namespace

void register_detector(const std::string& name, DetectorEntry entry) {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  r.entries[name] = std::move(entry);
}

std::vector<std::string> detector_names() {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  std::vector<std::string> names;
  for (const auto& [name, entry] : r.entries) names.push_back(name);
  return names;
}

bool is_registered_detector(const std::string& name) {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  return r.entries.count(name) > 0;
}

bool detector_available(const std::string& name, const DetectorContext& context) {
  return lookup(name).available(context);
}

Json detector_card(const std::string& name, const DetectorContext& context) {
  return lookup(name).card(context);
}

std::unique_ptr<Detector> make_detector(const std::string& name, const DetectorContext& context) {
  DetectorEntry entry = lookup(name);
  if (!entry.available(context))
    throw Error(ErrorCode::MODEL_UNAVAILABLE, "weights for detector '" + name + "' are not installed in " +
                                                  context.models_dir.string() + " (build the 'models' target)");
  return entry.make(context);
}

Json find_model_entry(const std::filesystem::path& models_dir, const std::string& name) {
  return find_catalogue_entry(models_dir, "models.json", "detectors", name);
}

Json find_catalogue_entry(const std::filesystem::path& models_dir, const std::string& file, const std::string& list,
                          const std::string& name) {
  std::ifstream in(models_dir / file);
  if (!in) return nullptr;
  Json catalogue = Json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!catalogue.is_object() || !catalogue[list].is_array()) return nullptr;
  for (const auto& entry : catalogue[list])
    if (entry.value("name", "") == name) return entry;
  return nullptr;
}

}  // namespace deeptrace::detect
