#pragma once
// Internal: MesoNet detectors (TorchScript converted by tools/convert_mesonet.py).
#include <string>
#include <vector>

#include "detect/detector.hpp"

namespace deeptrace::detect {

const std::vector<std::string>& mesonet_names();
DetectorEntry mesonet_entry(const std::string& name);

}  // namespace deeptrace::detect
