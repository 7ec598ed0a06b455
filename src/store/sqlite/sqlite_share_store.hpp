#pragma once
// ShareStore in the same SQLite file as the jobs (the shares table; links
// go with their job by ON DELETE CASCADE).
#include <chrono>
#include <filesystem>
#include <mutex>

#include "store/share_store.hpp"
#include "store/sqlite/sqlite_util.hpp"

namespace deeptrace {

class SqliteShareStore final : public ShareStore {
 public:
  explicit SqliteShareStore(const std::filesystem::path& file,
                            std::chrono::milliseconds busy_timeout = std::chrono::seconds(10));

  IssuedShare create(const std::string& job_id, const std::string& owner, std::optional<TimeMs> expires_at) override;
  std::vector<ShareLink> list(const std::string& job_id, const std::string& owner) override;
  bool revoke(const std::string& job_id, const std::string& owner, const std::string& share_id) override;
  std::optional<ShareLink> resolve(const std::string& token) override;
  void remove_for_job(const std::string& job_id) override;

 private:
  std::mutex mutex_;
  sqlite::Connection connection_;
};

}  // namespace deeptrace
