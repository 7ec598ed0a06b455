#pragma once
// Ctrl-C while `deeptrace submit --wait` follows its jobs. A blocking read of
// an event stream cannot be interrupted portably, so the following runs on a
// thread of its own and the calling thread waits for SIGINT or SIGTERM.
#include <signal.h>

#include <functional>

namespace deeptrace::cli {

// While it exists, SIGINT and SIGTERM are held back (blocked) for the
// calling thread and the threads it starts: create it before telling the
// user that Ctrl-C is handled, so that none arrives in between.
class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();  // unblocks; a signal that came meanwhile is then delivered
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  // Runs `work` on its own thread while this thread waits for SIGINT or
  // SIGTERM. Returns true when `work` finished (its exception, if any, is
  // rethrown here); false when a signal came first: `work` is then still
  // running, detached, and the caller must end the process with exit_now()
  // without touching what `work` uses. `every_poll`, if given, runs on this
  // thread about every 100 ms while it waits.
  bool run(const std::function<void()>& work, const std::function<void()>& every_poll = {});

 private:
  sigset_t previous_;
};

// Flushes stdout and stderr and ends the process at once, without running
// destructors that a detached thread may still depend on.
[[noreturn]] void exit_now(int code);

}  // namespace deeptrace::cli
