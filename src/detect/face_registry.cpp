#include <map>
#include <mutex>

#include "core/errors.hpp"
#include "detect/face_detector.hpp"

namespace deeptrace::detect {
namespace {

// Built-ins are added here rather than by static initialisers, which a
// static library's linker would silently drop.
struct FaceRegistry {
  FaceRegistry() {
    factories["haar"] = [](const DetectorContext&) { return make_haar_face_detector(DEEPTRACE_HAAR_CASCADE); };
    factories["blazeface"] = [](const DetectorContext& c) { return make_blazeface_detector(c, true); };
    factories["blazeface_front"] = [](const DetectorContext& c) { return make_blazeface_detector(c, false); };
  }
  std::mutex mutex;
  std::map<std::string, FaceDetectorFactory> factories;
};

FaceRegistry& registry() {
  static FaceRegistry instance;
  return instance;
}

}  // namespace

void register_face_detector(const std::string& name, FaceDetectorFactory factory) {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  r.factories[name] = std::move(factory);
}

std::unique_ptr<FaceDetector> make_face_detector(const std::string& name, const DetectorContext& context) {
  auto& r = registry();
  FaceDetectorFactory factory;
  {
    std::lock_guard lock(r.mutex);
    auto it = r.factories.find(name);
    if (it == r.factories.end()) throw Error(ErrorCode::INVALID_REQUEST, "unknown face detector '" + name + "'");
    factory = it->second;
  }
  return factory(context);
}

std::vector<std::string> face_detector_names() {
  auto& r = registry();
  std::lock_guard lock(r.mutex);
  std::vector<std::string> names;
  for (const auto& [name, factory] : r.factories) names.push_back(name);
  return names;
}

}  // namespace deeptrace::detect
