#include "cli/interrupt.hpp"

#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <iostream>
#include <memory>
#include <thread>

namespace deeptrace::cli {
namespace {

constexpr long kPollNs = 100'000'000;  // how often the waiting thread checks that the work is done

sigset_t interrupt_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

// What the waiting thread and the work thread share; the work thread may
// outlive the wait, so it holds its own reference.
struct Shared {
  std::atomic<bool> done{false};
  std::exception_ptr error;
};

}  // namespace

InterruptGuard::InterruptGuard() {
  sigset_t signals = interrupt_signals();
  pthread_sigmask(SIG_BLOCK, &signals, &previous_);  // threads started meanwhile inherit the mask
}

InterruptGuard::~InterruptGuard() { pthread_sigmask(SIG_SETMASK, &previous_, nullptr); }

bool InterruptGuard::run(const std::function<void()>& work, const std::function<void()>& every_poll) {
  sigset_t signals = interrupt_signals();
  auto shared = std::make_shared<Shared>();
  std::thread worker([shared, work] {
    try {
      work();
    } catch (...) {
      shared->error = std::current_exception();
    }
    shared->done = true;
  });
  timespec poll{0, kPollNs};
  bool interrupted = false;
  while (!shared->done) {
    int signal = sigtimedwait(&signals, nullptr, &poll);
    if (signal == SIGINT || signal == SIGTERM) {
      interrupted = true;
      break;
    }
    if (every_poll && !shared->done) every_poll();
  }
  if (interrupted) {
    worker.detach();
    return false;
  }
  worker.join();
  if (shared->error) std::rethrow_exception(shared->error);
  return true;
}

void exit_now(int code) {
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
  std::_Exit(code);
}

}  // namespace deeptrace::cli
