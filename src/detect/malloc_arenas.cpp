#include "detect/malloc_arenas.hpp"

#include <dlfcn.h>
#include <malloc.h>

namespace deeptrace::detect {

namespace {
// gperftools' C entry point; present only where the program links tcmalloc.
using ReleaseFreeMemory = void (*)();
ReleaseFreeMemory tcmalloc_release() {
  static const auto release = reinterpret_cast<ReleaseFreeMemory>(dlsym(RTLD_DEFAULT, "MallocExtension_ReleaseFreeMemory"));
  return release;
}
}  // namespace

void limit_malloc_arenas(int arenas) { mallopt(M_ARENA_MAX, arenas); }

void return_free_memory() {
  if (auto release = tcmalloc_release()) {
    release();
    return;
  }
  malloc_trim(0);
}

const char* allocator_name() { return tcmalloc_release() ? "tcmalloc" : "glibc"; }

}  // namespace deeptrace::detect
