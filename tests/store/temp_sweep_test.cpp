// Upload temp files that no upload owns any more (the API was killed while
// receiving them) are removed once they are old enough; everything else in
// tmp/ is left alone.
#include <gtest/gtest.h>

#include <fstream>

#include "core/random.hpp"
#include "store/sqlite/local_media_store.hpp"
#include "store/temp_sweep.hpp"

namespace deeptrace {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class TempSweepTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("deeptrace-sweep-test-" + random_hex(8));
    store_ = std::make_unique<LocalMediaStore>(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  // An upload temp file last written `age` ago.
  fs::path temp_file(std::chrono::seconds age, const std::string& content = "partial upload") {
    fs::path path = store_->temp_path();
    std::ofstream(path, std::ios::binary) << content;
    fs::last_write_time(path, fs::file_time_type::clock::now() - age);
    return path;
  }

  fs::path root_;
  std::unique_ptr<LocalMediaStore> store_;
};

TEST_F(TempSweepTest, TheTempDirIsWhereTempPathsAre) {
  EXPECT_EQ(store_->temp_dir(), root_ / "tmp");
  EXPECT_EQ(store_->temp_path().parent_path(), store_->temp_dir());
  EXPECT_TRUE(is_upload_temp_file(store_->temp_path()));
  EXPECT_FALSE(is_upload_temp_file(root_ / "tmp" / "notes.txt"));
  EXPECT_FALSE(is_upload_temp_file(root_ / "tmp" / "upload-x.part.keep"));
}

TEST_F(TempSweepTest, RemovesOnlyStaleUnownedUploadTempFiles) {
  fs::path stale = temp_file(2h, std::string(1000, 'x'));
  fs::path fresh = temp_file(0s);
  fs::path owned = temp_file(2h);
  fs::path other = store_->temp_dir() / "operator-notes.txt";
  std::ofstream(other) << "keep me";
  fs::last_write_time(other, fs::file_time_type::clock::now() - 48h);
  fs::create_directories(store_->temp_dir() / "upload-dir.part");

  TempSweepResult result =
      sweep_stale_upload_temps(store_->temp_dir(), 1h, [&](const fs::path& path) { return path == owned; });
  EXPECT_EQ(result.removed, 1);
  EXPECT_EQ(result.bytes, 1000);
  EXPECT_FALSE(fs::exists(stale));
  EXPECT_TRUE(fs::exists(fresh));
  EXPECT_TRUE(fs::exists(owned));
  EXPECT_TRUE(fs::exists(other));
  EXPECT_TRUE(fs::is_directory(store_->temp_dir() / "upload-dir.part"));
}

TEST_F(TempSweepTest, AgeZeroRemovesEveryUnownedTempFile) {
  fs::path a = temp_file(0s);
  fs::path b = temp_file(5s);
  EXPECT_EQ(sweep_stale_upload_temps(store_->temp_dir(), 0s).removed, 2);
  EXPECT_FALSE(fs::exists(a));
  EXPECT_FALSE(fs::exists(b));
}

TEST_F(TempSweepTest, AMissingTempDirIsNothingToSweep) {
  fs::remove_all(store_->temp_dir());
  EXPECT_EQ(sweep_stale_upload_temps(store_->temp_dir(), 0s).removed, 0);
}

}  // namespace
}  // namespace deeptrace
