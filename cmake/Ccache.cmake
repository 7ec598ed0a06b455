# Compile through ccache when it is installed (scripts/setup installs it).
# The cache lives outside the clone (ccache's default, ~/.cache/ccache, or
# $CCACHE_DIR). base_dir is this source tree, so the absolute paths CMake
# passes become relative in ccache's hash and a clone in another folder hits
# the same entries; nohashdir keeps -g builds (asan, fuzz) from hashing the
# build directory's absolute path.
if(DEEPTRACE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  find_program(DEEPTRACE_CCACHE_PROGRAM ccache)
  if(DEEPTRACE_CCACHE_PROGRAM)
    set(CMAKE_CXX_COMPILER_LAUNCHER
        ${CMAKE_COMMAND} -E env CCACHE_BASEDIR=${PROJECT_SOURCE_DIR} CCACHE_NOHASHDIR=1
        ${DEEPTRACE_CCACHE_PROGRAM})
  endif()
endif()
