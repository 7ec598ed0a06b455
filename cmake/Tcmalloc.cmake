# The allocator of the programs that analyse media (the worker, detect_bench).
#
# glibc's malloc keeps what an analysis frees in its arenas: 1080p frames,
# decoder pools and MesoNet's 8 MB feature maps come and go on two threads,
# and the holes they leave stayed resident until malloc_trim. tcmalloc
# (gperftools, Debian's libtcmalloc-minimal4) reuses them by size class: on
# the default analysis of the 10 s 1080p bench clip, peak RSS 589 to 614 MB
# against 627 to 685 with glibc, as fast, with 60% fewer page faults over the
# bench clips, in alternating runs (docs/speed.md, "A caching allocator").
# The libraries stay allocator-free: detect::return_free_memory asks
# whichever allocator the program has.
#
# Off under sanitizers, which bring their own allocator. DEEPTRACE_TCMALLOC=OFF
# builds the programs on glibc's malloc.
option(DEEPTRACE_TCMALLOC "link the worker and detect_bench with tcmalloc" ON)
add_library(deeptrace_allocator INTERFACE)
if(DEEPTRACE_TCMALLOC AND NOT DEEPTRACE_SANITIZE)
  # Only the runtime package is needed: nothing includes its headers.
  find_library(TCMALLOC_MINIMAL_LIBRARY NAMES tcmalloc_minimal libtcmalloc_minimal.so.4 REQUIRED)
  message(STATUS "deeptrace: tcmalloc ${TCMALLOC_MINIMAL_LIBRARY}")
  # Linked even though no symbol of ours refers to it (Debian's linker drops
  # such libraries by default): it replaces malloc for the whole process.
  set(CMAKE_LINK_LIBRARY_USING_NO_AS_NEEDED "LINKER:--push-state,--no-as-needed" "<LINK_ITEM>" "LINKER:--pop-state")
  set(CMAKE_LINK_LIBRARY_USING_NO_AS_NEEDED_SUPPORTED TRUE)
  target_link_libraries(deeptrace_allocator INTERFACE "$<LINK_LIBRARY:NO_AS_NEEDED,${TCMALLOC_MINIMAL_LIBRARY}>")
endif()
