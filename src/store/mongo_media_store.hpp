#pragma once
// MediaStore on GridFS (bucket "fs"): the file id and name are the content's
// sha256, so storing is deduplicated by the server's unique _id. Uploads
// stream from the local temp file; local_path() streams the file into a
// per-machine cache (<state>/media-cache/<sha256>), because decoders need a
// path. Neither direction holds a whole file in memory.
#include <filesystem>
#include <memory>

#include "store/media_store.hpp"
#include "store/mongo_client.hpp"

namespace deeptrace {

class MongoMediaStore final : public MediaStore {
 public:
  // state_dir holds tmp/ (uploads being received) and media-cache/.
  MongoMediaStore(std::shared_ptr<mongo::Pool> pool, const std::filesystem::path& state_dir);

  std::filesystem::path temp_path() override;
  void put(const std::filesystem::path& temp_file, const std::string& sha256) override;
  bool contains(const std::string& sha256) override;
  // Throws Error(MEDIA_MISSING) if GridFS has no such file.
  std::filesystem::path local_path(const std::string& sha256) override;
  void remove(const std::string& sha256) override;

 private:
  void upload(const std::filesystem::path& file, const std::string& sha256);
  void download(const std::string& sha256, const std::filesystem::path& target);
  void wait_for_concurrent_upload(const std::string& sha256);

  std::shared_ptr<mongo::Pool> pool_;
  std::filesystem::path tmp_dir_;
  std::filesystem::path cache_dir_;
};

}  // namespace deeptrace
