#pragma once
// Media files, content-addressed by SHA-256 (deduplicated). The local
// backend keeps them under <state>/media/ab/<sha256>; GridFS comes later.
#include <filesystem>
#include <optional>
#include <string>

namespace deeptrace {

class MediaStore {
 public:
  virtual ~MediaStore() = default;
  // A fresh path for streaming an upload into, on the same filesystem as the
  // store so that put() is a rename. The caller removes it on failure.
  virtual std::filesystem::path temp_path() = 0;
  // Moves a fully written temp file into the store under its sha256.
  virtual void put(const std::filesystem::path& temp_file, const std::string& sha256) = 0;
  virtual bool contains(const std::string& sha256) = 0;
  // A local path a decoder can open. For remote backends this is a cached copy.
  virtual std::filesystem::path local_path(const std::string& sha256) = 0;
  virtual void remove(const std::string& sha256) = 0;
};

bool is_valid_sha256(const std::string& hex);

}  // namespace deeptrace
