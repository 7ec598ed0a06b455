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
