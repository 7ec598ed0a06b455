#pragma once
// ShareStore on MongoDB: "shares" (_id = the token's SHA-256).
#include <memory>

#include "store/mongo/mongo_client.hpp"
#include "store/share_store.hpp"

namespace deeptrace {

class MongoShareStore final : public ShareStore {
 public:
  explicit MongoShareStore(std::shared_ptr<mongo::Pool> pool);

  IssuedShare create(const std::string& job_id, const std::string& owner, std::optional<TimeMs> expires_at) override;
  std::vector<ShareLink> list(const std::string& job_id, const std::string& owner) override;
  bool revoke(const std::string& job_id, const std::string& owner, const std::string& share_id) override;
  std::optional<ShareLink> resolve(const std::string& token) override;
  void remove_for_job(const std::string& job_id) override;

 private:
  std::shared_ptr<mongo::Pool> pool_;
};

}  // namespace deeptrace
