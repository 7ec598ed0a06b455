#pragma once
// Media files, content-addressed by SHA-256 (deduplicated). The embedded
// backend (sqlite/local_media_store.hpp) keeps them under
// <state>/media/ab/<sha256>; the MongoDB backend (mongo/mongo_media_store.hpp)
// in GridFS. Both pass the conformance suite in tests/store/media_store_test.cpp.
#include <filesystem>
#include <optional>
#include <string>

namespace deeptrace {

class MediaStore {
 public:
  virtual ~MediaStore() = default;
  // A fresh path for streaming an upload into, on the same filesystem as the
  // store so that put() is a rename. The caller removes it on failure.
  // Always inside temp_dir() and named upload-<random>.part.
  virtual std::filesystem::path temp_path() = 0;
  // Where temp_path()s are: <state>/tmp. A process killed mid-upload leaves
  // its file here; sweep_stale_upload_temps() (temp_sweep.hpp) clears them.
  virtual std::filesystem::path temp_dir() const = 0;
  // Moves a fully written temp file into the store under its sha256.
  virtual void put(const std::filesystem::path& temp_file, const std::string& sha256) = 0;
  virtual bool contains(const std::string& sha256) = 0;
  // A local path a decoder can open. For remote backends this is a cached copy.
  virtual std::filesystem::path local_path(const std::string& sha256) = 0;
  virtual void remove(const std::string& sha256) = 0;
};

bool is_valid_sha256(const std::string& hex);

}  // namespace deeptrace
