// When the analyzer's temporal and audio sections run: beside the visual
// section (from the start, the audio one once the visual one is done) or
// after it (each only when the analysis waits for it), with memory handed
// back before each.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "detect/sections.hpp"

namespace deeptrace::detect {
namespace {

using namespace std::chrono_literals;

// What ran, in order, and on which thread.
struct Journal {
  std::mutex mutex;
  std::vector<std::string> steps;
  std::thread::id temporal_thread;

  void add(const std::string& step) {
    std::lock_guard lock(mutex);
    steps.push_back(step);
  }
  std::vector<std::string> read() {
    std::lock_guard lock(mutex);
    return steps;
  }
};

SectionsInFlight<int, int> start(SectionSchedule schedule, Journal& journal) {
  return start_sections<int, int>(
      schedule,
      [&journal] {
        journal.temporal_thread = std::this_thread::get_id();
        journal.add("temporal");
        return 1;
      },
      [&journal] {
        journal.add("audio");
        return 2;
      },
      [&journal] { journal.add("give back"); });
}

TEST(Sections, AfterTheVisualOneEachRunsOnlyWhenWaitedFor) {
  Journal journal;
  auto sections = start(SectionSchedule::AfterVisual, journal);
  std::this_thread::sleep_for(50ms);
  EXPECT_TRUE(journal.read().empty()) << "nothing runs beside the visual section";
  sections.visual_section_done();  // no gate: harmless
  EXPECT_EQ(sections.temporal.get(), 1);
  EXPECT_EQ(journal.temporal_thread, std::this_thread::get_id()) << "on the analysing thread";
  EXPECT_EQ(journal.read(), (std::vector<std::string>{"give back", "temporal"}));
  EXPECT_EQ(sections.audio.get(), 2);
  EXPECT_EQ(journal.read(), (std::vector<std::string>{"give back", "temporal", "give back", "audio"}));
}

TEST(Sections, AfterTheVisualOneASectionNeverWaitedForNeverRuns) {
  Journal journal;
  {
    auto sections = start(SectionSchedule::AfterVisual, journal);
  }  // e.g. the visual section failed: the analysis ends without waiting
  EXPECT_TRUE(journal.read().empty());
}

TEST(Sections, BesideTheVisualOneTheAudioSectionWaitsForIt) {
  Journal journal;
  auto sections = start(SectionSchedule::BesideVisual, journal);
  EXPECT_EQ(sections.temporal.get(), 1) << "the temporal section does not wait for the visual one";
  EXPECT_NE(journal.temporal_thread, std::this_thread::get_id()) << "on a thread of its own";
  EXPECT_EQ(sections.audio.wait_for(100ms), std::future_status::timeout);
  EXPECT_EQ(journal.read(), (std::vector<std::string>{"temporal"}));
  sections.visual_section_done();
  EXPECT_EQ(sections.audio.get(), 2);
  EXPECT_EQ(journal.read(), (std::vector<std::string>{"temporal", "give back", "audio"}));
}

TEST(Sections, BesideTheVisualOneAFailedTemporalSectionFailsBoth) {
  auto sections = start_sections<int, int>(
      SectionSchedule::BesideVisual, [] () -> int { throw std::runtime_error("no landmarks"); }, [] { return 2; },
      [] {});
  EXPECT_THROW(sections.temporal.get(), std::runtime_error);
  EXPECT_THROW(sections.audio.get(), std::runtime_error);
}

TEST(Sections, BesideTheVisualOneGoingAwayWithoutItsEndDoesNotHang) {
  {
    auto sections = start_sections<int, int>(SectionSchedule::BesideVisual, [] { return 1; }, [] { return 2; }, [] {});
    sections.temporal.wait();
  }  // the visual section threw: the gate opens as the sections go, then the thread is joined
  SUCCEED();
}

}  // namespace
}  // namespace deeptrace::detect
