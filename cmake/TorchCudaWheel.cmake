# LibTorch from a CUDA PyTorch wheel (-DDEEPTRACE_TORCH_CUDA=ON, issue 16),
# as the imported target deeptrace_torch_cuda.
#
# Not through the wheel's TorchConfig.cmake: its Caffe2 part looks for a whole
# CUDA toolkit (nvcc included) to define targets for CUDA code. DeepTrace
# compiles no CUDA code; it only links LibTorch, and LibTorch loads CUDA's
# libraries (NVIDIA's wheels beside torch, or the system's) when it starts. So
# the build needs neither a toolkit nor a GPU, and can run on another machine
# than the one that serves.
#
# The torch package directory comes from DEEPTRACE_TORCH_CUDA_DIR, or else
# from DEEPTRACE_TORCH_CUDA_PYTHON (a python with that torch installed).
set(DEEPTRACE_TORCH_CUDA_DIR "" CACHE PATH "the torch package directory of a CUDA PyTorch wheel")
set(DEEPTRACE_TORCH_CUDA_PYTHON python3 CACHE FILEPATH "python with PyPI's CUDA torch installed")
if(NOT DEEPTRACE_TORCH_CUDA_DIR)
  execute_process(
    COMMAND ${DEEPTRACE_TORCH_CUDA_PYTHON} -c "import os, torch; print(os.path.dirname(torch.__file__))"
    OUTPUT_VARIABLE DEEPTRACE_TORCH_CUDA_DIR OUTPUT_STRIP_TRAILING_WHITESPACE
    ERROR_VARIABLE torch_error RESULT_VARIABLE torch_found)
  if(NOT torch_found EQUAL 0)
    message(FATAL_ERROR "DEEPTRACE_TORCH_CUDA: ${DEEPTRACE_TORCH_CUDA_PYTHON} has no torch: ${torch_error}")
  endif()
endif()
set(torch_dir ${DEEPTRACE_TORCH_CUDA_DIR})

# Refuse a CPU-only wheel and one built with the pre-C++11 ABI (which would
# not link with Debian's OpenCV and Boost), read from the wheel's own files.
file(STRINGS ${torch_dir}/version.py torch_cuda_line REGEX "^cuda")
if(NOT torch_cuda_line MATCHES "'[0-9.]+'")
  message(FATAL_ERROR "DEEPTRACE_TORCH_CUDA: ${torch_dir} is a CPU-only torch (${torch_cuda_line})")
endif()
file(STRINGS ${torch_dir}/share/cmake/Torch/TorchConfig.cmake torch_old_abi REGEX "_GLIBCXX_USE_CXX11_ABI=0")
if(torch_old_abi)
  message(FATAL_ERROR "DEEPTRACE_TORCH_CUDA: ${torch_dir} uses the pre-C++11 ABI (PyTorch 2.7 or later does not)")
endif()

set(torch_lib ${torch_dir}/lib)
add_library(deeptrace_torch_cuda INTERFACE IMPORTED)
target_include_directories(deeptrace_torch_cuda SYSTEM INTERFACE
  ${torch_dir}/include ${torch_dir}/include/torch/csrc/api/include)
# libtorch.so itself is empty, but needs libtorch_cuda.so, whose loading
# registers the CUDA kernels: keep it even where the linker drops unused
# libraries.
target_link_libraries(deeptrace_torch_cuda INTERFACE
  -Wl,--no-as-needed ${torch_lib}/libtorch.so ${torch_lib}/libtorch_cuda.so -Wl,--as-needed
  ${torch_lib}/libtorch_cpu.so ${torch_lib}/libc10.so)

# NVIDIA's libraries, where pip put them beside torch (site-packages/nvidia/
# */lib, or nvidia/cu13/lib from CUDA 13): searched at link time, and named in
# the programs' RPATH (not RUNPATH: the old tag also serves the libraries'
# own needs, libtorch_cuda.so's libcudart for one, which Python finds by
# preloading them and a C++ program would not find otherwise).
cmake_path(SET site_packages NORMALIZE "${torch_dir}/..")
file(GLOB nvidia_lib_dirs LIST_DIRECTORIES true ${site_packages}nvidia/*/lib)
foreach(dir IN LISTS nvidia_lib_dirs)
  target_link_options(deeptrace_torch_cuda INTERFACE "LINKER:-rpath-link,${dir}" "LINKER:-rpath,${dir}")
endforeach()
target_link_options(deeptrace_torch_cuda INTERFACE "LINKER:--disable-new-dtags"
  # Without those wheels (a build for another machine), CUDA's symbols in
  # LibTorch's libraries stay unresolved until the program starts there.
  "LINKER:--allow-shlib-undefined")
set(TORCH_LIBRARIES deeptrace_torch_cuda)
message(STATUS "LibTorch: the CUDA wheel in ${torch_dir} (${torch_cuda_line}); NVIDIA libraries: ${nvidia_lib_dirs}")
