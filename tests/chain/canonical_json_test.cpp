// RFC 8785 canonical form: each rule of docs/anchoring.md §1 on its own.
#include <gtest/gtest.h>

#include <limits>

#include "chain/canonical_json.hpp"
#include "core/errors.hpp"

namespace deeptrace::chain {
namespace {

using nlohmann::json;

TEST(EcmascriptNumber, MatchesNumberToString) {
  EXPECT_EQ(ecmascript_number(0.0), "0");
  EXPECT_EQ(ecmascript_number(-0.0), "0");
  EXPECT_EQ(ecmascript_number(1), "1");
  EXPECT_EQ(ecmascript_number(-1.5), "-1.5");
  EXPECT_EQ(ecmascript_number(0.1 + 0.2), "0.30000000000000004");
  EXPECT_EQ(ecmascript_number(1e-6), "0.000001");
  EXPECT_EQ(ecmascript_number(1e-7), "1e-7");
  EXPECT_EQ(ecmascript_number(1.5e-7), "1.5e-7");
  EXPECT_EQ(ecmascript_number(123456789012345680000.0), "123456789012345680000");
  EXPECT_EQ(ecmascript_number(1e21), "1e+21");
  EXPECT_EQ(ecmascript_number(5e-324), "5e-324");
  EXPECT_EQ(ecmascript_number(1.7976931348623157e308), "1.7976931348623157e+308");
  EXPECT_EQ(ecmascript_number(100), "100");
  EXPECT_EQ(ecmascript_number(0.7312345678901234), "0.7312345678901234");
}

TEST(EcmascriptNumber, RejectsNonFinite) {
  EXPECT_THROW(ecmascript_number(std::numeric_limits<double>::quiet_NaN()), Error);
  EXPECT_THROW(ecmascript_number(std::numeric_limits<double>::infinity()), Error);
}

TEST(CanonicalJson, SortsKeysAndDropsWhitespace) {
  json value = json::parse(R"({"b": [1, {"z": null, "a": true}], "a": "x", "": false})");
  EXPECT_EQ(canonical_json(value), R"({"":false,"a":"x","b":[1,{"a":true,"z":null}]})");
}

TEST(CanonicalJson, OrdersKeysByUtf16CodeUnits) {
  // U+E000 is one unit 0xE000; U+1F600 is the pair 0xD83D 0xDE00, which sorts
  // first in UTF-16 although its UTF-8 bytes (F0...) sort after EE...
  json value = {{"\xEE\x80\x80", 1}, {"\xF0\x9F\x98\x80", 2}};
  EXPECT_EQ(canonical_json(value), "{\"\xF0\x9F\x98\x80\":2,\"\xEE\x80\x80\":1}");
}

TEST(CanonicalJson, EscapesLikeJsonStringify) {
  json value = std::string("q\"b\\/\b\f\n\r\t\x01\x1f\x7f\xE2\x80\xA8");
  EXPECT_EQ(canonical_json(value), "\"q\\\"b\\\\/\\b\\f\\n\\r\\t\\u0001\\u001f\x7f\xE2\x80\xA8\"");
}

TEST(CanonicalJson, IntegersAreDoubles) {
  EXPECT_EQ(canonical_json(json(9007199254740993ULL)), "9007199254740992");
  EXPECT_EQ(canonical_json(json(-42)), "-42");
}

TEST(CanonicalJson, RejectsInvalidUtf8) {
  EXPECT_THROW(canonical_json(json(std::string("\xC3"))), Error);
  EXPECT_THROW(canonical_json(json(std::string("\xFF"))), Error);
}

}  // namespace
}  // namespace deeptrace::chain
