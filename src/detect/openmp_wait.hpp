#pragma once

namespace deeptrace::detect {

// LibTorch's OpenMP runtime (libgomp) lets idle threads spin for a while
// after each parallel region. Beside a decoding thread on a small machine
// they steal its CPU: on 2 cores, analyses ran 6 to 16% slower with them
// (bench/detect_bench, README). libgomp reads OMP_WAIT_POLICY once, when it
// loads, before main(); so this re-executes the program once with PASSIVE
// unless the environment already names a policy. Call it first in main(); if
// exec fails, the program simply goes on with the default policy.
void use_passive_openmp_wait(char** argv);

}  // namespace deeptrace::detect
