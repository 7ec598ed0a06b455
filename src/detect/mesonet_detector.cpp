// The four MesoNet detectors: TorchScript converted by tools/convert_mesonet.py,
// whose models.json entries (input 256x256 in [0,1], output p_real) the
// generic TorchScript detector runs. See ../shared/notes/performance.md:
// channels_last matters 3x.
#include "detect/mesonet_detector.hpp"

#include "detect/torchscript_detector.hpp"

namespace deeptrace::detect {

const std::vector<std::string>& mesonet_names() {
  static const std::vector<std::string> names = {"Meso4_DF", "Meso4_F2F", "MesoInception_DF", "MesoInception_F2F"};
  return names;
}

DetectorEntry mesonet_entry(const std::string& name) { return torchscript_detector_entry(name, find_model_entry); }

}  // namespace deeptrace::detect
