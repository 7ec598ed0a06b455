# The C2PA SDK's C library (c2pa-c-ffi), built outside the clone by
# scripts/build-c2pa into $DEEPTRACE_C2PA_HOME/dist (default
# ~/.cache/deeptrace/c2pa-<version>/dist). Found: the imported target
# c2pa::c2pa and DEEPTRACE_HAVE_C2PA=ON. Not found (no Rust toolchain at
# the crate's MSRV): the product builds without it and reports provenance
# `unavailable`. -DDEEPTRACE_C2PA=OFF builds without it on purpose.
option(DEEPTRACE_C2PA "Read Content Credentials with the C2PA SDK when scripts/build-c2pa built it" ON)
set(DEEPTRACE_C2PA_VERSION 0.90.0)
if(DEFINED ENV{DEEPTRACE_C2PA_HOME})
  set(c2pa_default_home $ENV{DEEPTRACE_C2PA_HOME})
elseif(DEFINED ENV{XDG_CACHE_HOME})
  set(c2pa_default_home $ENV{XDG_CACHE_HOME}/deeptrace/c2pa-${DEEPTRACE_C2PA_VERSION})
else()
  set(c2pa_default_home $ENV{HOME}/.cache/deeptrace/c2pa-${DEEPTRACE_C2PA_VERSION})
endif()
set(DEEPTRACE_C2PA_DIST ${c2pa_default_home}/dist CACHE PATH "where scripts/build-c2pa put lib/ and include/")

set(DEEPTRACE_HAVE_C2PA OFF)
set(c2pa_library ${DEEPTRACE_C2PA_DIST}/lib/libc2pa_c.so)
set(c2pa_header ${DEEPTRACE_C2PA_DIST}/include/c2pa.h)
if(DEEPTRACE_C2PA AND EXISTS ${c2pa_library} AND EXISTS ${c2pa_header})
  file(STRINGS ${c2pa_header} c2pa_header_version REGEX "^// Version: ")
  if(c2pa_header_version STREQUAL "// Version: ${DEEPTRACE_C2PA_VERSION}")
    add_library(c2pa::c2pa SHARED IMPORTED)
    set_target_properties(c2pa::c2pa PROPERTIES
      IMPORTED_LOCATION ${c2pa_library}
      INTERFACE_SYSTEM_INCLUDE_DIRECTORIES ${DEEPTRACE_C2PA_DIST}/include
      INTERFACE_INCLUDE_DIRECTORIES ${DEEPTRACE_C2PA_DIST}/include)
    set(DEEPTRACE_HAVE_C2PA ON)
    message(STATUS "Provenance: C2PA SDK c2pa-c-ffi ${DEEPTRACE_C2PA_VERSION} from ${DEEPTRACE_C2PA_DIST}")
  else()
    message(STATUS "Provenance: ${c2pa_header} is not c2pa-c-ffi ${DEEPTRACE_C2PA_VERSION}; building without it")
  endif()
endif()
if(NOT DEEPTRACE_HAVE_C2PA)
  message(STATUS "Provenance: no C2PA SDK (scripts/build-c2pa); reports will say provenance \"unavailable\"")
endif()
# A later scripts/build-c2pa run (a new STAMP) re-runs CMake.
if(EXISTS ${DEEPTRACE_C2PA_DIST}/STAMP)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${DEEPTRACE_C2PA_DIST}/STAMP)
endif()
