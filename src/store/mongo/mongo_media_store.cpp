#include "store/mongo/mongo_media_store.hpp"

#include <fcntl.h>

#include <thread>

#include "core/errors.hpp"
#include "core/random.hpp"
#include "core/sha256.hpp"
#include "store/temp_sweep.hpp"

namespace deeptrace {
namespace fs = std::filesystem;
namespace {

constexpr const char* kFilesCollection = "fs.files";
constexpr const char* kChunksCollection = "fs.chunks";
// Another uploader of the same content finishes its last chunks meanwhile; a
// live upload adds a 255 KiB chunk far more often than every 2 s, so chunks
// that stop growing for that long were left by an upload that died (a crash
// or a store outage mid-transfer) and will never get their files document.
constexpr std::chrono::milliseconds kPollInterval{100};
constexpr int kStalledPolls = 20;
constexpr int kUploadAttempts = 3;

void require_valid_sha256(const std::string& sha256) {
  if (!is_valid_sha256(sha256)) {
    throw Error(ErrorCode::INVALID_REQUEST, "not a SHA-256 digest (64 lowercase hex characters)");
  }
}

// A GridFS bucket on a client borrowed for one transfer.
class Bucket {
 public:
  explicit Bucket(mongo::Pool& pool) : client_(pool), database_(client_.database()) {
    bson_error_t error;
    bucket_ = mongoc_gridfs_bucket_new(database_, nullptr, nullptr, &error);
    if (!bucket_) {
      mongoc_database_destroy(database_);
      mongo::raise(error, "opening the GridFS bucket");
    }
  }
  ~Bucket() {
    mongoc_gridfs_bucket_destroy(bucket_);
    mongoc_database_destroy(database_);
  }
  Bucket(const Bucket&) = delete;
  Bucket& operator=(const Bucket&) = delete;
  mongoc_gridfs_bucket_t* get() const { return bucket_; }

 private:
  mongo::Client client_;
  mongoc_database_t* database_;
  mongoc_gridfs_bucket_t* bucket_ = nullptr;
};

struct StreamCloser {
  void operator()(mongoc_stream_t* stream) const {
    mongoc_stream_close(stream);
    mongoc_stream_destroy(stream);
  }
};
using Stream = std::unique_ptr<mongoc_stream_t, StreamCloser>;

Stream open_file_stream(const fs::path& path, int flags) {
  mongoc_stream_t* stream = mongoc_stream_file_new_for_path(path.c_str(), flags, 0644);
  if (!stream) throw Error(ErrorCode::INTERNAL, "cannot open " + path.string());
  return Stream(stream);
}

bson_value_t file_id(const std::string& sha256) {
  bson_value_t id;
  id.value_type = BSON_TYPE_UTF8;
  id.value.v_utf8.str = const_cast<char*>(sha256.c_str());
  id.value.v_utf8.len = static_cast<uint32_t>(sha256.size());
  return id;
}

}  // namespace

MongoMediaStore::MongoMediaStore(std::shared_ptr<mongo::Pool> pool, const fs::path& state_dir)
    : pool_(std::move(pool)), tmp_dir_(state_dir / "tmp"), cache_dir_(state_dir / "media-cache") {
  try {
    fs::create_directories(tmp_dir_);
    fs::create_directories(cache_dir_);
  } catch (const fs::filesystem_error& e) {
    throw Error(ErrorCode::STORE_UNAVAILABLE, std::string("cannot create the media cache: ") + e.what());
  }
}

fs::path MongoMediaStore::temp_path() { return new_upload_temp_path(tmp_dir_); }

void MongoMediaStore::put(const fs::path& temp_file, const std::string& sha256) {
  require_valid_sha256(sha256);
  if (!fs::is_regular_file(temp_file)) {
    throw Error(ErrorCode::INTERNAL, "upload temp file " + temp_file.string() + " is missing");
  }
  if (!contains(sha256)) upload(temp_file, sha256);  // else: same content already stored
  std::error_code ignored;
  fs::remove(temp_file, ignored);
}

// Chunks are looked for before uploading, not only after a duplicate-key
// error: FerretDB does not enforce the chunks' unique index, so new chunks
// would silently sit beside stale ones and corrupt every later download.
void MongoMediaStore::upload(const fs::path& file, const std::string& sha256) {
  for (int attempt = 0; attempt < kUploadAttempts; ++attempt) {
    if (wait_for_concurrent_upload(sha256)) return;
    remove_orphan_chunks(sha256);
    if (try_upload(file, sha256)) return;
  }
  throw Error(ErrorCode::STORE_UNAVAILABLE, "GridFS upload of " + sha256 + " keeps colliding with stalled chunks");
}

bool MongoMediaStore::try_upload(const fs::path& file, const std::string& sha256) {
  Bucket bucket(*pool_);
  Stream source = open_file_stream(file, O_RDONLY);
  bson_value_t id = file_id(sha256);
  bson_error_t error;
  if (mongoc_gridfs_bucket_upload_from_stream_with_id(bucket.get(), &id, sha256.c_str(), source.get(), nullptr,
                                                      &error)) {
    return true;
  }
  // The same content uploaded concurrently collides on the chunks' or the
  // file's unique index; so do chunks an interrupted upload left behind.
  if (mongo::is_duplicate_key(error)) return false;
  mongo::raise(error, "GridFS upload of " + sha256);
}

bool MongoMediaStore::wait_for_concurrent_upload(const std::string& sha256) {
  mongo::Collection chunks(*pool_, kChunksCollection);
  std::int64_t last_count = -1;
  for (int stalled = 0; stalled < kStalledPolls; ++stalled) {
    if (contains(sha256)) return true;
    std::int64_t count = chunks.count({{"files_id", sha256}});
    if (count == 0) return false;  // no upload in flight
    if (count != last_count) stalled = 0;
    last_count = count;
    std::this_thread::sleep_for(kPollInterval);
  }
  return contains(sha256);
}

void MongoMediaStore::remove_orphan_chunks(const std::string& sha256) {
  if (contains(sha256)) return;  // completed meanwhile: the chunks are not orphans
  mongo::Collection(*pool_, kChunksCollection).delete_many({{"files_id", sha256}});
}

bool MongoMediaStore::contains(const std::string& sha256) {
  require_valid_sha256(sha256);
  mongo::Collection files(*pool_, kFilesCollection);
  return files.find_one({{"_id", sha256}}, {nullptr, {{"_id", 1}}}).has_value();
}

fs::path MongoMediaStore::local_path(const std::string& sha256) {
  require_valid_sha256(sha256);
  fs::path cached = cache_dir_ / sha256;
  if (fs::is_regular_file(cached)) return cached;  // content-addressed: a cached copy never goes stale
  fs::path partial = cache_dir_ / (sha256 + ".part-" + random_hex(8));
  try {
    download(sha256, partial);
    // A torn or corrupted transfer must not become the cached copy.
    if (sha256_file_hex(partial) != sha256) throw Error(ErrorCode::INTERNAL, "GridFS returned corrupt media " + sha256);
    fs::rename(partial, cached);
  } catch (...) {
    std::error_code ignored;
    fs::remove(partial, ignored);
    throw;
  }
  return cached;
}

void MongoMediaStore::download(const std::string& sha256, const fs::path& target) {
  // Checked first: libmongoc 1.23 aborts inside download_to_stream on an unknown id.
  if (!contains(sha256)) throw Error(ErrorCode::MEDIA_MISSING, "media " + sha256 + " is not in GridFS");
  Bucket bucket(*pool_);
  Stream destination = open_file_stream(target, O_CREAT | O_WRONLY | O_TRUNC);
  bson_value_t id = file_id(sha256);
  bson_error_t error;
  if (mongoc_gridfs_bucket_download_to_stream(bucket.get(), &id, destination.get(), &error)) return;
  mongo::raise(error, "GridFS download of " + sha256);
}

void MongoMediaStore::remove(const std::string& sha256) {
  require_valid_sha256(sha256);
  std::error_code ignored;
  fs::remove(cache_dir_ / sha256, ignored);
  Bucket bucket(*pool_);
  bson_value_t id = file_id(sha256);
  bson_error_t error;
  if (mongoc_gridfs_bucket_delete_by_id(bucket.get(), &id, &error)) return;
  if (error.domain == MONGOC_ERROR_GRIDFS && error.code == MONGOC_ERROR_GRIDFS_BUCKET_FILE_NOT_FOUND) return;
  mongo::raise(error, "GridFS delete of " + sha256);
}

}  // namespace deeptrace
