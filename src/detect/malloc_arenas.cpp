#include "detect/malloc_arenas.hpp"

#include <malloc.h>

namespace deeptrace::detect {

void limit_malloc_arenas(int arenas) { mallopt(M_ARENA_MAX, arenas); }

void return_free_memory() { malloc_trim(0); }

}  // namespace deeptrace::detect
