#pragma once
// MediaStore on GridFS (bucket "fs"): the file id and name are the content's
// sha256, so storing is deduplicated by the server's unique _id. Uploads
// stream from the local temp file; local_path() streams the file into a
// per-machine cache (<state>/media-cache/<sha256>), because decoders need a
// path. Neither direction holds a whole file in memory.
#include <filesystem>
#include <memory>

#include "store/media_store.hpp"
#include "store/mongo/mongo_client.hpp"

namespace deeptrace {

class MongoMediaStore final : public MediaStore {
 public:
  // state_dir holds tmp/ (uploads being received) and media-cache/.
  MongoMediaStore(std::shared_ptr<mongo::Pool> pool, const std::filesystem::path& state_dir);

  std::filesystem::path temp_path() override;
  std::filesystem::path temp_dir() const override { return tmp_dir_; }
  void put(const std::filesystem::path& temp_file, const std::string& sha256) override;
  bool contains(const std::string& sha256) override;
  // Throws Error(MEDIA_MISSING) if GridFS has no such file.
  std::filesystem::path local_path(const std::string& sha256) override;
  void remove(const std::string& sha256) override;

 private:
  // Uploads, or waits for a concurrent upload of the same content; chunks an
  // interrupted upload left behind are removed and the upload tried again.
  void upload(const std::filesystem::path& file, const std::string& sha256);
  bool try_upload(const std::filesystem::path& file, const std::string& sha256);  // false: duplicate key
  // True once the file exists; false when it has no chunks or they stopped growing.
  bool wait_for_concurrent_upload(const std::string& sha256);
  void remove_orphan_chunks(const std::string& sha256);
  void download(const std::string& sha256, const std::filesystem::path& target);

  std::shared_ptr<mongo::Pool> pool_;
  std::filesystem::path tmp_dir_;
  std::filesystem::path cache_dir_;
};

}  // namespace deeptrace
