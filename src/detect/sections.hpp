#pragma once
// Internal: when the analyzer's temporal and audio sections run, beside the
// visual section or after it. They read the file themselves, so on 2 cores
// they can use the core the visual section leaves idle (it keeps about 1.6
// busy: decoding and inference wait on each other); run after it, no two
// sections hold their frames and tensors at once (docs/speed.md has both).
#include <functional>
#include <future>
#include <memory>
#include <thread>
#include <utility>

#include "detect/gate.hpp"

namespace deeptrace::detect {

enum class SectionSchedule {
  // On a thread of their own from the start; the audio section waits until
  // the visual one is done, so that the voice model's activations and the
  // visual frames are not held at once. The shortest analysis.
  BesideVisual,
  // Each when the analysis first waits for it (deferred futures). The
  // smallest peak memory.
  AfterVisual,
};

template <typename Temporal, typename Audio>
struct SectionsInFlight {
  std::future<Temporal> temporal;
  std::future<Audio> audio;
  std::jthread thread;       // BesideVisual only; joined before the futures go
  OpenOnExit visual_done{};  // last member: opened before the thread is joined

  // The visual section has sampled and classified: the audio section may run.
  void visual_section_done() { visual_done.open(); }
};

namespace sections_detail {
template <typename T>
void fail_if_unset(std::promise<T>& promise, std::exception_ptr error) {
  try {
    promise.set_exception(error);
  } catch (const std::future_error&) {  // it holds its value already
  }
}
}  // namespace sections_detail

// Starts both sections as `schedule` says. `give_back_memory` runs before
// the audio section, and after the visual section also before the temporal
// one: it returns what the step before freed (malloc_trim). An exception
// from either section reaches the analysis when it waits for that section;
// beside the visual one, a failed temporal section fails the audio one too.
template <typename Temporal, typename Audio>
SectionsInFlight<Temporal, Audio> start_sections(SectionSchedule schedule, std::function<Temporal()> temporal,
                                                 std::function<Audio()> audio,
                                                 std::function<void()> give_back_memory) {
  if (schedule == SectionSchedule::AfterVisual) {
    SectionsInFlight<Temporal, Audio> flight;
    flight.temporal = std::async(std::launch::deferred, [temporal, give_back_memory] {
      give_back_memory();
      return temporal();
    });
    flight.audio = std::async(std::launch::deferred, [audio, give_back_memory] {
      give_back_memory();
      return audio();
    });
    return flight;
  }
  auto temporal_done = std::make_shared<std::promise<Temporal>>();
  auto audio_done = std::make_shared<std::promise<Audio>>();
  auto visual_done = std::make_shared<Gate>();
  SectionsInFlight<Temporal, Audio> flight{temporal_done->get_future(), audio_done->get_future(), {}, {visual_done}};
  flight.thread = std::jthread([=] {
    try {
      temporal_done->set_value(temporal());
      visual_done->wait();
      give_back_memory();
      audio_done->set_value(audio());
    } catch (...) {  // e.g. AnalysisInterrupted: the analysis sees it when it waits
      sections_detail::fail_if_unset(*temporal_done, std::current_exception());
      sections_detail::fail_if_unset(*audio_done, std::current_exception());
    }
  });
  return flight;
}

}  // namespace deeptrace::detect
