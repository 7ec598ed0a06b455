# Sanitizer and libFuzzer flags for every target of this configuration.
#
# DEEPTRACE_SANITIZE=address,undefined (preset `asan`): our code is
# instrumented; LibTorch, FFmpeg, OpenCV, SQLite and libmongoc are Debian's
# uninstrumented builds. ASan still sees every heap block they allocate
# through malloc/new (the runtime replaces the allocator process-wide), so an
# overflow our code makes into a buffer they own is caught, but an overflow
# inside their code is not. -fno-sanitize-recover=all makes every UBSan
# finding fatal, like ASan's; the run-time options (halt_on_error, leak
# suppressions) are in scripts/test-sanitizers.
#
# DEEPTRACE_FUZZ=ON (preset `fuzz`): clang only. Libraries are built with
# -fsanitize=fuzzer-no-link (coverage counters for libFuzzer) plus ASan and
# UBSan; tests/fuzz links each harness with -fsanitize=fuzzer.
if(DEEPTRACE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "DEEPTRACE_FUZZ needs clang++ (libFuzzer): cmake --preset fuzz")
  endif()
  if(NOT DEEPTRACE_SANITIZE)
    set(DEEPTRACE_SANITIZE address,undefined)
  endif()
  set(DEEPTRACE_BUILD_TESTS OFF)
  set(DEEPTRACE_BUILD_BENCH OFF)
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

if(DEEPTRACE_SANITIZE)
  message(STATUS "deeptrace: sanitizers ${DEEPTRACE_SANITIZE}")
  add_compile_options(-fsanitize=${DEEPTRACE_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  add_link_options(-fsanitize=${DEEPTRACE_SANITIZE})
endif()
