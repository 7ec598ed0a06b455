#include "store/sqlite/local_media_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "core/errors.hpp"
#include "core/file_io.hpp"
#include "store/temp_sweep.hpp"

namespace deeptrace {
namespace fs = std::filesystem;
namespace {

// Flushes a file (or directory) to disk so a crash after put() cannot leave
// a renamed but empty media file behind. A filesystem that allocates lazily
// reports a full disk here rather than at write().
void fsync_path(const fs::path& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw io_error("storing media failed: cannot open " + path.filename().string(), errno);
  int rc = ::fsync(fd);
  int saved = errno;
  ::close(fd);
  if (rc != 0) throw io_error("storing media failed: fsync " + path.filename().string(), saved);
}

void require_valid_sha256(const std::string& sha256) {
  if (!is_valid_sha256(sha256)) {
    throw Error(ErrorCode::INVALID_REQUEST, "not a SHA-256 digest (64 lowercase hex characters)");
  }
}

}  // namespace

bool is_valid_sha256(const std::string& hex) {
  return hex.size() == 64 && std::all_of(hex.begin(), hex.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

LocalMediaStore::LocalMediaStore(const fs::path& root)
    : media_dir_(root / "media"), tmp_dir_(root / "tmp") {
  try {
    fs::create_directories(media_dir_);
    fs::create_directories(tmp_dir_);
  } catch (const fs::filesystem_error& e) {
    throw Error(ErrorCode::STORE_UNAVAILABLE, std::string("cannot create the media store: ") + e.what());
  }
}

fs::path LocalMediaStore::temp_path() { return new_upload_temp_path(tmp_dir_); }

// Every path built from a digest goes through here: a validated digest has
// no '/' or '.', so it cannot escape media_dir_.
fs::path LocalMediaStore::path_for(const std::string& sha256) const {
  require_valid_sha256(sha256);
  return media_dir_ / sha256.substr(0, 2) / sha256;
}

void LocalMediaStore::put(const fs::path& temp_file, const std::string& sha256) {
  fs::path target = path_for(sha256);
  try {
    move_into_place(temp_file, target);
  } catch (const fs::filesystem_error& e) {
    throw io_error("storing media failed", e.code());
  }
}

void LocalMediaStore::move_into_place(const fs::path& temp_file, const fs::path& target) {
  if (!fs::is_regular_file(temp_file)) {
    throw Error(ErrorCode::INTERNAL, "upload temp file " + temp_file.string() + " is missing");
  }
  if (fs::exists(target)) {  // same content already stored: deduplicate
    fs::remove(temp_file);
    return;
  }
  fsync_path(temp_file, O_RDONLY);
  fs::create_directories(target.parent_path());
  // rename() is atomic: readers see either no file or the complete one, and
  // two concurrent puts of the same digest both leave identical content.
  fs::rename(temp_file, target);
  fsync_path(target.parent_path(), O_RDONLY | O_DIRECTORY);
}

bool LocalMediaStore::contains(const std::string& sha256) { return fs::is_regular_file(path_for(sha256)); }

fs::path LocalMediaStore::local_path(const std::string& sha256) {
  fs::path path = path_for(sha256);
  if (!fs::is_regular_file(path)) {
    throw Error(ErrorCode::MEDIA_MISSING, "media " + sha256 + " is not in the media store");
  }
  return path;
}

void LocalMediaStore::remove(const std::string& sha256) {
  std::error_code ignored;  // already gone is fine
  fs::remove(path_for(sha256), ignored);
}

}  // namespace deeptrace
