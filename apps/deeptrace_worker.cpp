// deeptrace-worker: claims jobs from the store and analyses them.
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <iostream>
#include <thread>

#include "core/log.hpp"
#include "core/shared_flags.hpp"
#include "detect/analyzer.hpp"
#include "detect/malloc_arenas.hpp"
#include "detect/openmp_wait.hpp"
#include "provenance/provenance.hpp"
#include "store/backend.hpp"
#include "worker/analyzer_processor.hpp"
#include "worker/config.hpp"

namespace {

using namespace deeptrace;

// SIGTERM / SIGINT only write a byte to a pipe (async-signal-safe); a
// thread reading the pipe runs the stop logic in normal code. Blocking the
// signals and using sigwait is not enough: LibTorch starts threads before
// main(), and a signal delivered to one of them would kill the process.
int g_signal_pipe[2] = {-1, -1};

void on_termination_signal(int signal) {
  unsigned char byte = static_cast<unsigned char>(signal);
  [[maybe_unused]] auto ignored = write(g_signal_pipe[1], &byte, 1);
}

void install_signal_handlers() {
  if (pipe(g_signal_pipe) != 0) throw std::runtime_error("pipe() failed");
  struct sigaction action {};
  action.sa_handler = on_termination_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
}

int wait_for_signal() {
  unsigned char byte = 0;
  while (read(g_signal_pipe[0], &byte, 1) < 0 && errno == EINTR) {
  }
  return byte;
}

}  // namespace

int main(int argc, char** argv) {
  detect::use_passive_openmp_wait(argv);
  detect::limit_malloc_arenas();
  auto config = worker::parse_config(argc, argv);
  log::set_component("worker");
  log::set_min_level(config.log_level);
  flags::log_deprecations(config.deprecated_env);
  try {
    install_signal_handlers();
    Backend backend = open_backend(config.store_url, config.state_dir);
    detect::Analyzer analyzer(config.analyzer);
    log::info("models loaded", {{"device", config.analyzer.device},
                                {"decode_device", config.analyzer.decode_device},
                                {"inference_threads", config.analyzer.torch_threads},
                                {"allocator", detect::allocator_name()},
                                {"sections", config.analyzer.sections_beside_visual ? "beside_visual" : "after_visual"}});
    auto c2pa = provenance::sdk();
    log::info("content credentials", {{"sdk", c2pa ? c2pa->name + " " + c2pa->version : "unavailable (built without it)"},
                                      {"trust_anchors", config.analyzer.provenance.trust_anchors.empty()
                                                            ? "none"
                                                            : config.analyzer.provenance.trust_anchors.string()}});
    worker::AnalyzerProcessor processor(analyzer);
    worker::Worker worker(config.worker, *backend.jobs, *backend.media, processor);
    std::thread signal_thread([&] {
      int signal = wait_for_signal();
      log::info("stop requested", {{"signal", signal}, {"worker_id", config.worker.worker_id}});
      worker.request_stop();
    });
    signal_thread.detach();
    worker.run();
    return 0;
  } catch (const std::exception& e) {
    log::error("worker cannot start", {{"error", e.what()}});
    return 1;
  }
}
