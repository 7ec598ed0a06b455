#include <gtest/gtest.h>

#include "cli/sse.hpp"

namespace deeptrace::cli {
namespace {

const std::string kStream =
    ": keep-alive\n\n"
    "event: status\ndata: {\"status\":\"PENDING\"}\n\n"
    "event: progress\r\ndata: {\"a\":1,\r\ndata: \"b\":2}\r\n\r\n"
    "data:no-space\rid: 7\r\r";

std::vector<SseEvent> feed_in_pieces(SseParser& parser, const std::string& stream, size_t piece) {
  std::vector<SseEvent> all;
  for (size_t pos = 0; pos < stream.size(); pos += piece) {
    for (auto& e : parser.feed(std::string_view(stream).substr(pos, piece))) all.push_back(std::move(e));
  }
  return all;
}

TEST(SseParser, ParsesEventsWithEveryLineEnding) {
  SseParser parser;
  auto events = parser.feed(kStream);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].event, "status");
  EXPECT_EQ(events[0].data, "{\"status\":\"PENDING\"}");
  EXPECT_EQ(events[1].event, "progress");
  EXPECT_EQ(events[1].data, "{\"a\":1,\n\"b\":2}");
  EXPECT_EQ(events[2].event, "message");
  EXPECT_EQ(events[2].data, "no-space");
  EXPECT_EQ(events[2].id, "7");
  EXPECT_EQ(parser.comments(), 1);
}

TEST(SseParser, SameEventsWhateverTheChunkBoundaries) {
  for (size_t piece = 1; piece <= kStream.size(); ++piece) {
    SseParser parser;
    auto events = feed_in_pieces(parser, kStream, piece);
    ASSERT_EQ(events.size(), 3u) << "piece size " << piece;
    EXPECT_EQ(events[1].data, "{\"a\":1,\n\"b\":2}") << "piece size " << piece;
    EXPECT_EQ(events[2].data, "no-space") << "piece size " << piece;
  }
}

// Feeds `first` (which must complete nothing), then `second`, which must
// complete exactly one event; returns it.
SseEvent only_event_after(const std::string& first, const std::string& second) {
  SseParser parser;
  EXPECT_TRUE(parser.feed(first).empty()) << first;
  auto events = parser.feed(second);
  EXPECT_EQ(events.size(), 1u) << first << " | " << second;
  return events.empty() ? SseEvent{} : events.front();
}

TEST(SseParser, CrlfSplitBetweenChunksIsOneLineEnd) {
  EXPECT_EQ(only_event_after("data: x\r\n", "\r\n").data, "x");
  SseParser parser;
  EXPECT_TRUE(parser.feed("data: x\r").empty());
  // Were this '\n' a second line end, it would complete the event.
  EXPECT_TRUE(parser.feed("\n").empty());
  EXPECT_EQ(parser.feed("\n").size(), 1u);
}

TEST(SseParser, IncompleteEventIsHeldUntilItsBlankLine) {
  EXPECT_EQ(only_event_after("event: status\ndata: {\"x\"", ":1}\n\n").data, "{\"x\":1}");
}

TEST(SseParser, BlankLinesWithoutDataDispatchNothingAndResetTheEventName) {
  EXPECT_EQ(only_event_after("event: status\n\n\n", "data: d\n\n").event, "message");
}

}  // namespace
}  // namespace deeptrace::cli
