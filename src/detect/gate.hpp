#pragma once
// Internal: a one-shot gate between two threads of one analysis.
#include <future>
#include <memory>

namespace deeptrace::detect {

// Opened once; wait() returns once it is open. The analyzer's sections
// thread waits on one until the visual section has sampled and classified
// (or failed) before the voice model runs.
class Gate {
 public:
  void open() {
    try {
      opened_.set_value();
    } catch (const std::future_error&) {  // open already
    }
  }
  void wait() const { waited_.wait(); }

 private:
  std::promise<void> opened_;
  std::shared_future<void> waited_ = opened_.get_future().share();
};

// Opens its gate when it goes, however the visual section ends.
struct OpenOnExit {
  std::shared_ptr<Gate> gate;
  ~OpenOnExit() {
    if (gate) gate->open();
  }
};

}  // namespace deeptrace::detect
