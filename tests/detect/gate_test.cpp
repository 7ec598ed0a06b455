// The gate the analyzer's sections thread waits on: it opens once, and
// whatever way the visual section ends, it opens (else the thread would
// wait forever and the job with it).
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

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

TEST(Handover, TheWaiterGetsTheFirstValueGiven) {
  auto handover = std::make_shared<Handover<std::vector<int>>>();
  std::optional<std::vector<int>> got;
  std::thread waiter([&] { got = handover->wait(); });
  handover->give(std::vector<int>{1, 2});
  handover->give(std::vector<int>{3});  // changes nothing
  waiter.join();
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, (std::vector<int>{1, 2}));
  EXPECT_EQ(handover->wait(), got) << "asked again: the same value";
}

// A giver that fails before it gives leaves its waiter nothing, not waiting.
TEST(Handover, AGiverThatGoesWithoutGivingLeavesNothing) {
  auto handover = std::make_shared<Handover<int>>();
  std::optional<int> got = 7;
  std::thread waiter([&] { got = handover->wait(); });
  try {
    GiveNothingOnExit<int> guard{handover};
    throw std::runtime_error("the visual section failed");
  } catch (const std::runtime_error&) {
  }
  waiter.join();
  EXPECT_FALSE(got.has_value());
  auto given = std::make_shared<Handover<int>>();
  {
    GiveNothingOnExit<int> guard{given};
    given->give(5);
  }
  EXPECT_EQ(given->wait(), 5) << "the guard keeps what was given";
}

}  // namespace
}  // namespace deeptrace::detect
