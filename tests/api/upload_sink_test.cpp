#include "api/upload_sink.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/errors.hpp"
#include "core/random.hpp"

namespace deeptrace::api {
namespace {

namespace fs = std::filesystem;

class UploadSinkTest : public ::testing::Test {
 protected:
  fs::path dir = fs::temp_directory_path() / ("dt-sink-" + random_hex(6));
  fs::path file = dir / "upload.tmp";
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }
  std::string contents() {
    std::ifstream in(file, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }
};

ErrorCode code_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  return ErrorCode::INTERNAL;
}

TEST_F(UploadSinkTest, RawBodyIsWrittenAndHashed) {
  UploadSink sink(file, 100, std::nullopt);
  sink.write("hello ");
  sink.write("world");
  UploadedFile f = sink.finish();
  EXPECT_EQ(f.size, 11);
  EXPECT_EQ(f.sha256, sha256_hex("hello world"));
  EXPECT_EQ(contents(), "hello world");
}

TEST_F(UploadSinkTest, MultipartExtractsFileAndFields) {
  UploadSink sink(file, 100, std::string("B"));
  std::string body =
      "--B\r\nContent-Disposition: form-data; name=\"frames\"\r\n\r\n8\r\n"
      "--B\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nignored\r\n"
      "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../x.mp4\"\r\n\r\nVIDEO\r\n--B--\r\n";
  for (char c : body) sink.write(std::string_view(&c, 1));
  UploadedFile f = sink.finish();
  EXPECT_EQ(contents(), "VIDEO");
  EXPECT_EQ(f.filename.value_or(""), "../x.mp4");
  EXPECT_EQ(f.fields.at("frames"), "8");
  EXPECT_EQ(f.fields.count("other"), 0u);
}

TEST_F(UploadSinkTest, ErrorsHaveTheirCodes) {
  EXPECT_EQ(code_of([&] { UploadSink(file, 100, std::nullopt).finish(); }), ErrorCode::EMPTY_BODY);
  EXPECT_EQ(code_of([&] {
              UploadSink s(file, 4, std::nullopt);
              s.write("12345");
            }),
            ErrorCode::MEDIA_TOO_LARGE);
  EXPECT_EQ(code_of([&] {
              UploadSink s(file, 100, std::string("B"));
              s.write("--B\r\nContent-Disposition: form-data; name=\"frames\"\r\n\r\n8\r\n--B--");
              s.finish();
            }),
            ErrorCode::MISSING_FILE);
  EXPECT_EQ(code_of([&] {
              UploadSink s(file, 100, std::string("B"));
              s.write("garbage");
              s.finish();
            }),
            ErrorCode::MALFORMED_MULTIPART);
}

TEST_F(UploadSinkTest, TempFileGuardRemovesUnlessReleased) {
  { std::ofstream(file) << "x"; }
  { TempFile guard(file); }
  EXPECT_FALSE(fs::exists(file));
  { std::ofstream(file) << "x"; }
  {
    TempFile guard(file);
    guard.release();
  }
  EXPECT_TRUE(fs::exists(file));
}

}  // namespace
}  // namespace deeptrace::api

namespace deeptrace::api {
namespace {

// /dev/full answers every write with ENOSPC, as a full disk does: the upload
// fails with the stable out-of-space code, not a generic internal error.
TEST(UploadSinkDiskFull, NoSpaceLeftIsInsufficientStorage) {
  std::string chunk(256 * 1024, 'v');  // larger than any write buffer
  EXPECT_EQ(code_of([&] {
              UploadSink sink("/dev/full", 1 << 30, std::nullopt);
              sink.write(chunk);
              sink.finish();
            }),
            ErrorCode::INSUFFICIENT_STORAGE);
  // A small body that fits in a buffer fails when it is flushed, just the same.
  EXPECT_EQ(code_of([&] {
              UploadSink sink("/dev/full", 1 << 30, std::string("B"));
              sink.write("--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.mp4\"\r\n\r\nabc\r\n--B--\r\n");
              sink.finish();
            }),
            ErrorCode::INSUFFICIENT_STORAGE);
}

TEST(UploadSinkDiskFull, OtherWriteFailuresStayInternal) {
  EXPECT_EQ(code_of([&] { UploadSink sink("/nonexistent-dir/upload.part", 100, std::nullopt); }),
            ErrorCode::INTERNAL);
}

}  // namespace
}  // namespace deeptrace::api
