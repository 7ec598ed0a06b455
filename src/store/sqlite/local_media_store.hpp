#pragma once
// MediaStore on the local filesystem: <root>/media/ab/<sha256>, uploads
// staged in <root>/tmp/ (same filesystem, so put() is an atomic rename).
#include <filesystem>

#include "store/media_store.hpp"

namespace deeptrace {

class LocalMediaStore final : public MediaStore {
 public:
  explicit LocalMediaStore(const std::filesystem::path& root);

  std::filesystem::path temp_path() override;
  std::filesystem::path temp_dir() const override { return tmp_dir_; }
  void put(const std::filesystem::path& temp_file, const std::string& sha256) override;
  bool contains(const std::string& sha256) override;
  // Throws Error(MEDIA_MISSING) if the file is not in the store.
  std::filesystem::path local_path(const std::string& sha256) override;
  void remove(const std::string& sha256) override;

 private:
  std::filesystem::path path_for(const std::string& sha256) const;
  static void move_into_place(const std::filesystem::path& temp_file, const std::filesystem::path& target);

  std::filesystem::path media_dir_;
  std::filesystem::path tmp_dir_;
};

}  // namespace deeptrace
