// The gate the analyzer's sections thread waits on: it opens once, and
// whatever way the visual section ends, it opens (else the thread would
// wait forever and the job with it).
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "detect/gate.hpp"

namespace deeptrace::detect {
namespace {

TEST(Gate, AWaiterGoesOnOnceItOpens) {
  auto gate = std::make_shared<Gate>();
  std::atomic<bool> passed{false};
  std::thread waiter([&] {
    gate->wait();
    passed = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(passed.load());
  gate->open();
  gate->open();  // twice is harmless
  waiter.join();
  EXPECT_TRUE(passed.load());
}

TEST(Gate, OpensWhenTheSideThatHoldsItUnwinds) {
  auto gate = std::make_shared<Gate>();
  std::thread waiter([gate] { gate->wait(); });
  try {
    OpenOnExit visual_done{gate};
    throw std::runtime_error("the visual section failed");
  } catch (const std::runtime_error&) {
  }
  waiter.join();  // returns: the gate opened as the exception unwound
}

// A function that returns the struct holding it moves it: the gate must
// stay shut until the moved-to holder goes (a copy used to open it at once).
TEST(Gate, AMovedHolderOpensItOnlyWhenTheLastOneGoes) {
  auto gate = std::make_shared<Gate>();
  std::atomic<bool> passed{false};
  std::thread waiter([&] {
    gate->wait();
    passed = true;
  });
  {
    OpenOnExit last;
    {
      OpenOnExit first{gate};
      OpenOnExit second = std::move(first);
      last = std::move(second);
    }  // first and second go here, holding nothing
    { OpenOnExit none; }  // one without a gate opens nothing either
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_FALSE(passed.load()) << "a holder that was moved from opened the gate";
  }
  waiter.join();
  EXPECT_TRUE(passed.load());
}

}  // namespace
}  // namespace deeptrace::detect
