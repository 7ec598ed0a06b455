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
