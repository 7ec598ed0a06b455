#include "api/job_options.hpp"

#include <functional>

#include <gtest/gtest.h>

#include "error_code_of.hpp"

#include "core/errors.hpp"

namespace deeptrace::api {
namespace {

using Fields = std::map<std::string, std::string>;

struct Parsed {
  JobOptions options;
  int priority = 0;
};

Parsed parse(const Fields& fields, const Fields& query = {}) {
  Parsed p;
  apply_options(fields, query, p.options, p.priority);
  return p;
}

TEST(ParseIntField, AcceptsDecimalIntegersInRange) {
  EXPECT_EQ(parse_int_field("n", "1", 1, 10), 1);
  EXPECT_EQ(parse_int_field("n", "10", 1, 10), 10);
  EXPECT_EQ(parse_int_field("n", "-100", -100, 100), -100);
  EXPECT_EQ(parse_int_field("n", "007", 1, 10), 7);
}

TEST(ParseIntField, RefusesJunkAndOutOfRange) {
  for (const char* junk : {"", " ", "0", "11", "-1", "+5", " 5", "5 ", "5x", "x5", "0x5", "5.0", "1e1", "-",
                           "99999999999999999999", "-99999999999999999999", "\xC1\xB2"}) {
    EXPECT_EQ(testing::error_code_of([&] { parse_int_field("n", junk, 1, 10); }), ErrorCode::INVALID_REQUEST) << "'" << junk << "'";
  }
  EXPECT_EQ(parse_int_field("n", std::string("2147483647"), 0, 2147483647), 2147483647);
  EXPECT_EQ(testing::error_code_of([] { parse_int_field("n", "2147483648", 0, 2147483647); }), ErrorCode::INVALID_REQUEST);
}

TEST(ParseIntField, MessageNamesTheFieldAndRange) {
  try {
    parse_int_field("frames", "lots", 1, 256);
    FAIL() << "no Error thrown";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'frames' must be an integer in 1..256"), std::string::npos) << e.what();
  }
}

TEST(SplitDetectors, TrimsAndDropsEmptyItems) {
  using V = std::vector<std::string>;
  EXPECT_EQ(split_detectors(""), V{});
  EXPECT_EQ(split_detectors(","), V{});
  EXPECT_EQ(split_detectors(" , \t,"), V{});
  EXPECT_EQ(split_detectors("Meso4_DF"), V{"Meso4_DF"});
  EXPECT_EQ(split_detectors(" a ,\tb\t,,c,"), (V{"a", "b", "c"}));
  EXPECT_EQ(split_detectors(",a"), V{"a"});
  EXPECT_EQ(split_detectors("a b,c"), (V{"a b", "c"}));  // inner spaces are part of the name
  EXPECT_EQ(split_detectors("a,a"), (V{"a", "a"}));      // duplicates are kept
}

TEST(ApplyOptions, NothingGivenLeavesTheDefaults) {
  Parsed p = parse({}, {});
  EXPECT_EQ(p.options.frames, JobOptions::kDefaultFrames);
  EXPECT_TRUE(p.options.detectors.empty());
  EXPECT_EQ(p.priority, 0);
  // Other names are ignored.
  Parsed q = parse({{"file", "x"}, {"frame", "3"}}, {{"limit", "5"}});
  EXPECT_EQ(q.options.frames, JobOptions::kDefaultFrames);
}

TEST(ApplyOptions, ReadsEachOption) {
  Parsed p = parse({{"frames", "8"}, {"detectors", "a, b"}, {"priority", "-3"}});
  EXPECT_EQ(p.options.frames, 8);
  EXPECT_EQ(p.options.detectors, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(p.priority, -3);
  Parsed q = parse({}, {{"frames", "9"}, {"detectors", "c"}, {"priority", "7"}});
  EXPECT_EQ(q.options.frames, 9);
  EXPECT_EQ(q.options.detectors, std::vector<std::string>{"c"});
  EXPECT_EQ(q.priority, 7);
}

TEST(ApplyOptions, FieldsWinOverTheQueryNameByName) {
  Parsed p = parse({{"frames", "4"}}, {{"frames", "200"}, {"detectors", "q"}, {"priority", "5"}});
  EXPECT_EQ(p.options.frames, 4);
  EXPECT_EQ(p.options.detectors, std::vector<std::string>{"q"});
  EXPECT_EQ(p.priority, 5);
  // A field wins even when it is the invalid one...
  EXPECT_EQ(testing::error_code_of([] { parse({{"frames", "0"}}, {{"frames", "4"}}); }), ErrorCode::INVALID_REQUEST);
  // ...and even when empty: an empty detectors field means the default set.
  Parsed e = parse({{"detectors", ""}}, {{"detectors", "q"}});
  EXPECT_TRUE(e.options.detectors.empty());
}

TEST(ApplyOptions, Bounds) {
  EXPECT_EQ(parse({{"frames", "1"}}).options.frames, 1);
  EXPECT_EQ(parse({{"frames", std::to_string(JobOptions::kMaxFrames)}}).options.frames, JobOptions::kMaxFrames);
  EXPECT_EQ(parse({{"priority", "-100"}}).priority, -100);
  EXPECT_EQ(parse({{"priority", "100"}}).priority, 100);
  for (const Fields& bad : {Fields{{"frames", "0"}}, Fields{{"frames", std::to_string(JobOptions::kMaxFrames + 1)}},
                            Fields{{"priority", "-101"}}, Fields{{"priority", "101"}}}) {
    EXPECT_EQ(testing::error_code_of([&] { parse(bad); }), ErrorCode::INVALID_REQUEST) << bad.begin()->first << "=" << bad.begin()->second;
    EXPECT_EQ(testing::error_code_of([&] { parse({}, bad); }), ErrorCode::INVALID_REQUEST) << bad.begin()->first;
  }
}

TEST(ApplyOptions, JunkIntegers) {
  for (const char* junk : {"", "eight", "8 ", " 8", "+8", "8.5", "0x8", "99999999999"}) {
    EXPECT_EQ(testing::error_code_of([&] { parse({{"frames", junk}}); }), ErrorCode::INVALID_REQUEST) << "frames='" << junk << "'";
    EXPECT_EQ(testing::error_code_of([&] { parse({}, {{"priority", junk}}); }), ErrorCode::INVALID_REQUEST) << "priority='" << junk << "'";
  }
}

TEST(ApplyOptions, EmptyDetectorItemsAreDropped) {
  EXPECT_EQ(parse({{"detectors", ",a,, ,b,"}}).options.detectors, (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(parse({{"detectors", " , "}}).options.detectors.empty());
}

// Detector names are stored in the job's options document; ill-formed UTF-8
// there made nlohmann::json::dump() throw and the upload answer 500 when no
// model catalogue checked the names. They are refused like any bad option.
TEST(ApplyOptions, RefusesDetectorNamesThatAreNotUtf8) {
  for (const char* bad : {"x\xC1\xB2", "ok,\xED\xA0\x80", "\xF4\x90\x80\x80", "\xFF"}) {
    EXPECT_EQ(testing::error_code_of([&] { parse({{"detectors", bad}}); }), ErrorCode::INVALID_REQUEST) << bad;
    EXPECT_EQ(testing::error_code_of([&] { parse({}, {{"detectors", bad}}); }), ErrorCode::INVALID_REQUEST) << bad;
  }
  EXPECT_EQ(parse({{"detectors", "d\xC3\xA9tecteur"}}).options.detectors, std::vector<std::string>{"d\xC3\xA9tecteur"});
}

}  // namespace
}  // namespace deeptrace::api
