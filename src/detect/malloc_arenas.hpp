#pragma once

namespace deeptrace::detect {

// glibc gives threads that allocate at once malloc arenas of their own (up
// to 8 per core), and an arena keeps much of what is freed in it for reuse.
// The analyzer runs the temporal and audio sections on a thread beside the
// visual section and a new one each job, so their frames and feature maps
// stayed in extra arenas: the default analysis of the 10 s 1080p bench clip
// peaked at 1,270 to 1,290 MB of RSS, and at 880 to 920 MB with 2 arenas, in
// about the same time (bench/detect_bench defaults, README). Call it first
// in main(), before any thread starts. Under tcmalloc (the worker's allocator,
// cmake/Tcmalloc.cmake) it does nothing.
void limit_malloc_arenas(int arenas = 2);

// Hands the allocator's free pages back to the system: tcmalloc's when the
// program links it, else every glibc arena's (malloc_trim). Freed frames and
// tensors otherwise stay resident until reused, and add to the peak when the
// next step allocates differently.
void return_free_memory();

// "tcmalloc" or "glibc": the allocator this process runs on, for its logs.
const char* allocator_name();

}  // namespace deeptrace::detect
