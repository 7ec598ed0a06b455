// LocalMediaStore beyond the MediaStore conformance suite (media_store_test.cpp):
// where its files live on disk.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/errors.hpp"
#include "core/random.hpp"
#include "core/sha256.hpp"
#include "store/sqlite/local_media_store.hpp"

namespace deeptrace {
namespace {

namespace fs = std::filesystem;

class LocalMediaStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("deeptrace-media-test-" + random_hex(8));
    store_ = std::make_unique<LocalMediaStore>(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  // Writes content to a fresh temp path and returns (path, digest).
  std::pair<fs::path, std::string> stage(const std::string& content) {
    fs::path temp = store_->temp_path();
    std::ofstream(temp, std::ios::binary) << content;
    return {temp, sha256_hex(content)};
  }

  static std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }

  fs::path root_;
  std::unique_ptr<LocalMediaStore> store_;
};

TEST_F(LocalMediaStoreTest, TempPathsAreUniqueAndInsideTheStore) {
  fs::path a = store_->temp_path();
  fs::path b = store_->temp_path();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.parent_path(), root_ / "tmp");
  EXPECT_TRUE(fs::is_directory(root_ / "tmp"));
}

TEST_F(LocalMediaStoreTest, PutMovesTheFileUnderItsDigest) {
  auto [temp, sha] = stage("video bytes");
  EXPECT_FALSE(store_->contains(sha));
  store_->put(temp, sha);
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_TRUE(store_->contains(sha));
  fs::path stored = store_->local_path(sha);
  EXPECT_EQ(stored, root_ / "media" / sha.substr(0, 2) / sha);
  EXPECT_EQ(read(stored), "video bytes");
}

TEST_F(LocalMediaStoreTest, PuttingTheSameContentTwiceDeduplicates) {
  auto [first, sha] = stage("same");
  store_->put(first, sha);
  auto [second, sha2] = stage("same");
  ASSERT_EQ(sha, sha2);
  store_->put(second, sha);
  EXPECT_FALSE(fs::exists(second));
  EXPECT_EQ(read(store_->local_path(sha)), "same");
  size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root_ / "media")) files += entry.is_regular_file();
  EXPECT_EQ(files, 1u);
}

}  // namespace
}  // namespace deeptrace
