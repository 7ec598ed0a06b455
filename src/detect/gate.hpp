#pragma once
// Internal: one-shot hand-overs between two threads of one analysis.
#include <future>
#include <memory>
#include <optional>

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

// A value one thread hands another once. wait() returns it once given, or
// nothing if the giving side went without it (give(std::nullopt), which a
// giver's unwinding must call: see GiveNothingOnExit).
template <typename T>
class Handover {
 public:
  // Later calls change nothing.
  void give(std::optional<T> value) {
    try {
      given_.set_value(std::move(value));
    } catch (const std::future_error&) {  // given already
    }
  }
  std::optional<T> wait() const { return taken_.get(); }

 private:
  std::promise<std::optional<T>> given_;
  std::shared_future<std::optional<T>> taken_ = given_.get_future().share();
};

// Gives nothing when it goes, unless the value was given before: a waiter
// never waits for a giver that is gone.
template <typename T>
struct GiveNothingOnExit {
  std::shared_ptr<Handover<T>> handover;
  ~GiveNothingOnExit() { handover->give(std::nullopt); }
};

// Opens its gate when it goes, however the visual section ends. Moving it
// hands the duty on: a copy would open the gate as soon as the original
// went, e.g. when a function returns the struct that holds it.
struct OpenOnExit {
  std::shared_ptr<Gate> gate;

  OpenOnExit() = default;
  OpenOnExit(std::shared_ptr<Gate> to_open) : gate(std::move(to_open)) {}  // NOLINT: implicit, for aggregates that hold one
  OpenOnExit(OpenOnExit&& other) noexcept : gate(std::move(other.gate)) {}
  OpenOnExit& operator=(OpenOnExit&& other) noexcept {
    if (this != &other) {
      open();
      gate = std::move(other.gate);
    }
    return *this;
  }
  OpenOnExit(const OpenOnExit&) = delete;
  OpenOnExit& operator=(const OpenOnExit&) = delete;
  ~OpenOnExit() { open(); }

  // Opens its gate now, if it holds one (a gate opened twice stays open).
  void open() {
    if (gate) gate->open();
  }
};

}  // namespace deeptrace::detect
