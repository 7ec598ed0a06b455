#include "detect/openmp_wait.hpp"

#include <unistd.h>

#include <cstdlib>

namespace deeptrace::detect {

void use_passive_openmp_wait(char** argv) {
  if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
  if (setenv("OMP_WAIT_POLICY", "PASSIVE", 1) != 0) return;
  execv("/proc/self/exe", argv);
}

}  // namespace deeptrace::detect
