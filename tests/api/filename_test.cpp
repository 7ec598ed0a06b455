#include "api/filename.hpp"

#include <gtest/gtest.h>

namespace deeptrace::api {
namespace {

TEST(SanitizeFilename, StripsDirectories) {
  EXPECT_EQ(sanitize_filename("../../etc/passwd"), "passwd");
  EXPECT_EQ(sanitize_filename("C:\\Users\\me\\clip.mp4"), "clip.mp4");
  EXPECT_EQ(sanitize_filename("/abs/path/video.mkv"), "video.mkv");
}

TEST(SanitizeFilename, DropsControlCharactersAndInvalidUtf8) {
  EXPECT_EQ(sanitize_filename(std::string("a\x01\nb\x7f\tc.mp4")), "abc.mp4");
  EXPECT_EQ(sanitize_filename(std::string("ok\xff\xfe.mp4")), "ok.mp4");
  EXPECT_EQ(sanitize_filename("caf\xc3\xa9.mp4"), "caf\xc3\xa9.mp4");
  EXPECT_EQ(sanitize_filename(std::string("nul\0byte.mp4", 12)), "nulbyte.mp4");
}

// "file\u202E4pm.exe" displays as "fileexe.mp4": bidi controls make a name
// look like another extension, so none of them survives.
TEST(SanitizeFilename, DropsBidiControls) {
  EXPECT_EQ(sanitize_filename("file\xE2\x80\xAE" "4pm.exe"), "file4pm.exe");  // U+202E
  for (const char* control : {"\xE2\x80\xAA", "\xE2\x80\xAB", "\xE2\x80\xAC", "\xE2\x80\xAD", "\xE2\x80\xAE",
                              "\xE2\x81\xA6", "\xE2\x81\xA7", "\xE2\x81\xA8", "\xE2\x81\xA9",
                              "\xE2\x80\x8E", "\xE2\x80\x8F", "\xD8\x9C"}) {
    EXPECT_EQ(sanitize_filename(std::string("a") + control + "b.mp4"), "ab.mp4") << "control " << control;
  }
  // Neighbours of the bidi ranges are ordinary characters and stay.
  EXPECT_EQ(sanitize_filename("a\xE2\x80\xAF" "b.mp4"), "a\xE2\x80\xAF" "b.mp4");  // U+202F narrow space
  EXPECT_EQ(sanitize_filename("a\xE2\x81\xA5" "b.mp4"), "a\xE2\x81\xA5" "b.mp4");  // U+2065 (unassigned)
  EXPECT_EQ(sanitize_filename("\xD8\x9B.mp4"), "\xD8\x9B.mp4");                    // U+061B Arabic semicolon
}

// C1 controls (U+0080..U+009F) are control characters too, only encoded in
// two bytes.
TEST(SanitizeFilename, DropsC1Controls) {
  EXPECT_EQ(sanitize_filename("a\xC2\x85" "b\xC2\x9B" "c.mp4"), "abc.mp4");
  EXPECT_EQ(sanitize_filename("a\xC2\xA0" "b.mp4"), "a\xC2\xA0" "b.mp4");  // U+00A0 no-break space stays
}

// RFC 3629 section 4: overlong forms (C0/C1 leads, E0 80-9F, F0 80-8F),
// UTF-16 surrogates (ED A0-BF) and code points above U+10FFFF (F4 90-BF,
// F5-FF leads) are not UTF-8. Kept, they made the stored name unserialisable
// (nlohmann::json::dump throws 316) and the upload answered 500 (fuzz finding).
TEST(SanitizeFilename, DropsIllFormedUtf8PerRfc3629) {
  EXPECT_EQ(sanitize_filename(std::string("a\xC1\xB2" "b")), "ab");               // overlong 2-byte 'r'
  EXPECT_EQ(sanitize_filename(std::string("a\xC0\xAF" "b")), "ab");               // overlong '/'
  EXPECT_EQ(sanitize_filename(std::string("a\xED\xA0\x80" "b")), "ab");          // U+D800 surrogate
  EXPECT_EQ(sanitize_filename(std::string("a\xED\xBF\xBF" "b")), "ab");          // U+DFFF surrogate
  EXPECT_EQ(sanitize_filename(std::string("a\xF4\x90\x80\x80" "b")), "ab");      // U+110000
  EXPECT_EQ(sanitize_filename(std::string("a\xE0\x80\x80" "b")), "ab");          // overlong U+0000
  EXPECT_EQ(sanitize_filename(std::string("a\xE0\x9F\xBF" "b")), "ab");          // overlong U+07FF
  EXPECT_EQ(sanitize_filename(std::string("a\xF0\x80\x80\x80" "b")), "ab");      // overlong U+0000
  EXPECT_EQ(sanitize_filename(std::string("a\xF0\x8F\xBF\xBF" "b")), "ab");      // overlong U+FFFF
  EXPECT_EQ(sanitize_filename(std::string("a\xF5\x80\x80\x80" "b")), "ab");      // F5 lead
  EXPECT_EQ(sanitize_filename(std::string("a\xF8\x88\x80\x80\x80" "b")), "ab");  // old 5-byte form
  EXPECT_EQ(sanitize_filename(std::string("\xED\xA0\x80")), "upload");
  EXPECT_EQ(sanitize_filename(std::string("\xF4\x90\x80\x80")), "upload");
  EXPECT_EQ(sanitize_filename(std::string("\xE0\x80\x80")), "upload");
  // A truncated sequence loses only its own bytes, not the character after it.
  EXPECT_EQ(sanitize_filename(std::string("a\xE2\x82" "b.mp4")), "ab.mp4");
}

TEST(SanitizeFilename, KeepsWellFormedUtf8AtTheRangeEdges) {
  for (const char* ok : {"\xC2\xA0",           // U+00A0, the smallest 2-byte non-control
                         "\xDF\xBF",           // U+07FF
                         "\xE0\xA0\x80",       // U+0800, the smallest 3-byte
                         "\xE2\x82\xAC",       // U+20AC euro sign
                         "\xED\x9F\xBF",       // U+D7FF, just below the surrogates
                         "\xEE\x80\x80",       // U+E000, just above them
                         "\xEF\xBF\xBD",       // U+FFFD
                         "\xF0\x90\x80\x80",   // U+10000, the smallest 4-byte
                         "\xF0\x9F\x98\x80",   // U+1F600 emoji
                         "\xF3\xBF\xBF\xBF",   // U+FFFFF
                         "\xF4\x8F\xBF\xBF"}) {  // U+10FFFF, the largest code point
    std::string name = std::string("a") + ok + "b.mp4";
    EXPECT_EQ(sanitize_filename(name), name) << "sequence " << name;
  }
}

TEST(IsValidUtf8, FollowsRfc3629) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 \xF4\x8F\xBF\xBF"));
  for (const char* bad : {"\xC1\xB2", "\xC0\x80", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE0\x80\x80",
                          "\xF0\x80\x80\x80", "\xF5\x80\x80\x80", "\xFF", "\x80", "\xE2\x82"}) {
    EXPECT_FALSE(is_valid_utf8(std::string("x") + bad + "y")) << "sequence " << bad;
  }
}

TEST(SanitizeFilename, FallsBackWhenNothingIsLeft) {
  EXPECT_EQ(sanitize_filename(""), "upload");
  EXPECT_EQ(sanitize_filename(".."), "upload");
  EXPECT_EQ(sanitize_filename("dir/"), "upload");
  EXPECT_EQ(sanitize_filename(" . "), "upload");
  EXPECT_EQ(sanitize_filename(".hidden"), "hidden");
}

TEST(SanitizeFilename, CapsLengthOnCharacterBoundary) {
  std::string longname;
  for (int i = 0; i < 300; ++i) longname += "\xc3\xa9";  // 2-byte characters
  std::string out = sanitize_filename(longname + ".mp4");
  EXPECT_LE(out.size(), kMaxFilenameBytes);
  EXPECT_EQ(out.size() % 2, 0u);
  EXPECT_EQ(out, sanitize_filename(out));
}

TEST(PercentDecode, DecodesHexEscapes) {
  EXPECT_EQ(percent_decode("a%20b%2Fc"), "a b/c");
  EXPECT_EQ(percent_decode("bad%zz%2"), "bad%zz%2");
}

}  // namespace
}  // namespace deeptrace::api
