#include "detect/face_detector.hpp"

namespace deeptrace::detect {
namespace {

// Built-ins are added here rather than by static initialisers, which a
// static library's linker would silently drop.
void add_built_ins(FaceDetectorRegistry& registry) {
  registry.add("haar", [](const DetectorContext&) { return make_haar_face_detector(DEEPTRACE_HAAR_CASCADE); });
  registry.add("blazeface", [](const DetectorContext& c) { return make_blazeface_detector(c, true); });
  registry.add("blazeface_front", [](const DetectorContext& c) { return make_blazeface_detector(c, false); });
}

}  // namespace

FaceDetectorRegistry& face_detector_registry() {
  static FaceDetectorRegistry instance("face detector");
  static const bool built_ins_added = (add_built_ins(instance), true);  // once, thread-safe
  (void)built_ins_added;
  return instance;
}

void register_face_detector(const std::string& name, FaceDetectorFactory factory) {
  face_detector_registry().add(name, std::move(factory));
}

std::unique_ptr<FaceDetector> make_face_detector(const std::string& name, const DetectorContext& context) {
  return face_detector_registry().create(name, context);
}

std::vector<std::string> face_detector_names() { return face_detector_registry().names(); }

}  // namespace deeptrace::detect
