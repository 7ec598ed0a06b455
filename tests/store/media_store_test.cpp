// The MediaStore conformance suite: every TEST_P runs against each backend in
// the INSTANTIATE_TEST_SUITE_P at the bottom; a new backend adds one line there.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/sha256.hpp"
#include "expect_error.hpp"
#include "mongo/mongo_test_server.hpp"
#include "store/mongo/mongo_media_store.hpp"
#include "store/sqlite/local_media_store.hpp"
#include "store/temp_sweep.hpp"
#include "store_conformance.hpp"

namespace deeptrace::testing {
namespace {

namespace fs = std::filesystem;

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Several MiB holding every byte value (NUL included), so a backend that
// streams in chunks (GridFS: 255 KiB) crosses many chunk boundaries.
std::string large_content() {
  std::string content;
  content.reserve(3 << 20);
  for (int i = 0; i < (3 << 20); ++i) content += static_cast<char>((i * 7 + i / 4096) % 256);
  return content;
}

class MediaStoreConformance : public StoreConformance<MediaStore> {
 protected:
  // Writes content to a fresh temp path; returns (path, digest).
  static std::pair<fs::path, std::string> stage(MediaStore& store, const std::string& content) {
    fs::path temp = store.temp_path();
    std::ofstream(temp, std::ios::binary) << content;
    return {temp, sha256_hex(content)};
  }
  std::string put(MediaStore& store, const std::string& content) {
    auto [temp, sha] = stage(store, content);
    store.put(temp, sha);
    EXPECT_FALSE(fs::exists(temp)) << "put leaves no temp file behind";
    return sha;
  }
};

TEST(Sha256Digest, ValidationAcceptsOnlyLowercaseHex64) {
  EXPECT_TRUE(is_valid_sha256(std::string(64, 'a')));
  EXPECT_TRUE(is_valid_sha256(sha256_hex("x")));
  EXPECT_FALSE(is_valid_sha256(std::string(63, 'a')));
  EXPECT_FALSE(is_valid_sha256(std::string(65, 'a')));
  EXPECT_FALSE(is_valid_sha256(std::string(64, 'A')));
  EXPECT_FALSE(is_valid_sha256("../" + std::string(61, 'a')));
  EXPECT_FALSE(is_valid_sha256(""));
}

TEST_P(MediaStoreConformance, TempPathsAreFreshUploadFilesInTheTempDir) {
  fs::path a = store_->temp_path();
  fs::path b = store_->temp_path();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.parent_path(), store_->temp_dir());
  EXPECT_TRUE(fs::is_directory(store_->temp_dir()));
  EXPECT_TRUE(is_upload_temp_file(a)) << a;  // so the temp sweep recognises a crashed upload's file
}

TEST_P(MediaStoreConformance, PutStoresTheContentUnderItsDigest) {
  auto [temp, sha] = stage(*store_, "video bytes");
  EXPECT_FALSE(store_->contains(sha));
  store_->put(temp, sha);
  EXPECT_FALSE(fs::exists(temp));
  EXPECT_TRUE(store_->contains(sha));
  fs::path stored = store_->local_path(sha);
  EXPECT_EQ(fs::file_size(stored), 11u);
  EXPECT_EQ(read_file(stored), "video bytes");
}

TEST_P(MediaStoreConformance, PuttingTheSameContentTwiceStoresItOnce) {
  std::string first = put(*store_, "same bytes");
  std::string second = put(*store_, "same bytes");
  EXPECT_EQ(first, second);
  EXPECT_EQ(read_file(store_->local_path(first)), "same bytes");
  // Stored once: one remove deletes it.
  store_->remove(first);
  EXPECT_FALSE(store_->contains(first));
}

TEST_P(MediaStoreConformance, LargeFilesRoundTripByteForByte) {
  std::string content = large_content();
  std::string sha = put(*store_, content);
  fs::path stored = store_->local_path(sha);
  EXPECT_EQ(fs::file_size(stored), content.size());
  EXPECT_TRUE(read_file(stored) == content) << "content differs";
}

// The API stores an upload on one machine, a worker reads it on another.
TEST_P(MediaStoreConformance, AnotherMachineReadsWhatOneStored) {
  std::string content = large_content();
  std::string sha = put(*store_, content);
  auto other = open_on("machine-b");
  EXPECT_TRUE(other->contains(sha));
  fs::path local = other->local_path(sha);
  EXPECT_EQ(fs::file_size(local), content.size());
  EXPECT_TRUE(read_file(local) == content) << "content differs";
  EXPECT_EQ(other->local_path(sha), local);  // asking again gives the same file
}

TEST_P(MediaStoreConformance, MissingMediaIsMediaMissing) {
  std::string sha = sha256_hex("never stored");
  EXPECT_FALSE(store_->contains(sha));
  expect_error(ErrorCode::MEDIA_MISSING, [&] { store_->local_path(sha); });
}

TEST_P(MediaStoreConformance, RemovedMediaIsGoneAndRemovingTwiceIsFine) {
  std::string sha = put(*store_, "to be removed");
  std::string kept = put(*store_, "to be kept");
  store_->local_path(sha);  // a backend with a download cache now holds a copy
  store_->remove(sha);
  EXPECT_FALSE(store_->contains(sha));
  expect_error(ErrorCode::MEDIA_MISSING, [&] { store_->local_path(sha); });
  EXPECT_FALSE(open_on("machine-b")->contains(sha));
  EXPECT_NO_THROW(store_->remove(sha));
  EXPECT_TRUE(store_->contains(kept));
}

TEST_P(MediaStoreConformance, MalformedDigestsAreRejectedBeforeAnyPathIsBuilt) {
  auto [temp, sha] = stage(*store_, "data");
  for (std::string bad : {std::string("../../etc/passwd"), std::string(64, 'G'), sha.substr(1), sha + "0",
                          "/" + sha.substr(1), std::string()}) {
    expect_error(ErrorCode::INVALID_REQUEST, [&] { store_->put(temp, bad); });
    expect_error(ErrorCode::INVALID_REQUEST, [&] { store_->contains(bad); });
    expect_error(ErrorCode::INVALID_REQUEST, [&] { store_->local_path(bad); });
    expect_error(ErrorCode::INVALID_REQUEST, [&] { store_->remove(bad); });
  }
  EXPECT_TRUE(fs::exists(temp));  // a rejected put leaves the upload to its caller
}

TEST_P(MediaStoreConformance, PuttingAMissingTempFileIsAnError) {
  expect_error(ErrorCode::INTERNAL, [&] { store_->put(store_->temp_path(), sha256_hex("x")); });
  EXPECT_FALSE(store_->contains(sha256_hex("x")));
}

// The embedded backend's media directory is shared by every process on the
// machine, so `scope` (not `machine`) is its root.
std::unique_ptr<MediaStore> open_local(const fs::path& scope, const fs::path&) {
  return std::make_unique<LocalMediaStore>(scope);
}

std::unique_ptr<MediaStore> open_mongo(const fs::path& scope, const fs::path& machine) {
  auto pool = std::make_shared<mongo::Pool>(mongo_test_url(mongo_database_for(scope)));
  return std::make_unique<MongoMediaStore>(pool, machine);
}

INSTANTIATE_TEST_SUITE_P(Backends, MediaStoreConformance,
                         ::testing::Values(StoreBackend<MediaStore>{"SQLite", open_local},
                                           StoreBackend<MediaStore>{"MongoDB", open_mongo}),
                         BackendName());

}  // namespace
}  // namespace deeptrace::testing
