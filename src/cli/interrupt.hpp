#pragma once
// Ctrl-C while `deeptrace submit --wait` follows its jobs. A blocking read of
// an event stream cannot be interrupted portably, so the following runs on a
// thread of its own and the calling thread waits for SIGINT or SIGTERM.
#include <functional>

namespace deeptrace::cli {

// Runs `work` on its own thread with SIGINT and SIGTERM blocked in both
// threads, while the calling thread waits for either. Returns true when
// `work` finished (its exception, if any, is rethrown here); false when a
// signal came first: `work` is then still running, detached, and the caller
// must end the process with exit_now() without touching what `work` uses.
bool run_until_interrupted(const std::function<void()>& work);

// Flushes stdout and stderr and ends the process at once, without running
// destructors that a detached thread may still depend on.
[[noreturn]] void exit_now(int code);

}  // namespace deeptrace::cli
