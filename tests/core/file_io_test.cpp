#include "core/file_io.hpp"

#include <gtest/gtest.h>

#include "error_code_of.hpp"

#include <cerrno>
#include <fstream>
#include <functional>
#include <sstream>

#include "core/random.hpp"

namespace deeptrace {
namespace {

namespace fs = std::filesystem;

TEST(IoError, OutOfSpaceIsInsufficientStorage) {
  EXPECT_EQ(io_error("writing x", ENOSPC).code(), ErrorCode::INSUFFICIENT_STORAGE);
  EXPECT_EQ(io_error("writing x", EDQUOT).code(), ErrorCode::INSUFFICIENT_STORAGE);
  EXPECT_EQ(io_error("writing x", std::make_error_code(std::errc::no_space_on_device)).code(),
            ErrorCode::INSUFFICIENT_STORAGE);
  EXPECT_EQ(io_error("writing x", EIO).code(), ErrorCode::INTERNAL);
  EXPECT_EQ(io_error("writing x", EACCES).code(), ErrorCode::INTERNAL);
  EXPECT_TRUE(io_error("writing x", ENOSPC).retryable());
  EXPECT_NE(std::string(io_error("writing x", ENOSPC).what()).find("writing x: "), std::string::npos);
}

TEST(FileOutput, WritesEverythingThroughItsBuffer) {
  fs::path file = fs::temp_directory_path() / ("deeptrace-file-io-" + random_hex(6));
  std::string expected;
  {
    FileOutput out(file);
    for (std::size_t size : {1u, 100u, 70000u, 3u, 65536u, 65535u}) {
      std::string piece(size, static_cast<char>('a' + size % 26));
      out.write(piece);
      expected += piece;
    }
    out.close();
  }
  std::ifstream in(file, std::ios::binary);
  std::stringstream read;
  read << in.rdbuf();
  EXPECT_EQ(read.str(), expected);
  fs::remove(file);
}

// /dev/full fails every write with ENOSPC, as a full disk does.
TEST(FileOutput, AFullDeviceIsInsufficientStorage) {
  EXPECT_EQ(testing::error_code_of([] {
              FileOutput out("/dev/full");
              out.write(std::string(FileOutput::kBufferBytes * 2, 'x'));
            }),
            ErrorCode::INSUFFICIENT_STORAGE);
  EXPECT_EQ(testing::error_code_of([] {
              FileOutput out("/dev/full");
              out.write("small");  // buffered: the failure shows when flushed
              out.close();
            }),
            ErrorCode::INSUFFICIENT_STORAGE);
}

TEST(FileOutput, OtherFailuresAreInternal) {
  EXPECT_EQ(testing::error_code_of([] { FileOutput out("/nonexistent-dir/file"); }), ErrorCode::INTERNAL);
}

}  // namespace
}  // namespace deeptrace
