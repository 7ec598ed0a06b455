#include "store/mongo/mongo_share_store.hpp"

#include "core/sha256.hpp"
#include "core/time.hpp"

namespace deeptrace {
namespace {

using mongo::Collection;
using mongo::Ordered;

constexpr const char* kShares = "shares";

ShareLink link_from(const Json& doc) {
  ShareLink link{doc.at("id").get<std::string>(), doc.at("job_id").get<std::string>(),
                 doc.at("owner").get<std::string>(), doc.value("created_at", TimeMs{0}), std::nullopt};
  if (auto it = doc.find("expires_at"); it != doc.end() && !it->is_null()) link.expires_at = it->get<TimeMs>();
  return link;
}

}  // namespace

MongoShareStore::MongoShareStore(std::shared_ptr<mongo::Pool> pool) : pool_(std::move(pool)) {
  Collection shares(*pool_, kShares);
  shares.create_indexes(Ordered::array({Ordered{{"key", {{"job_id", 1}, {"created_at", 1}}}, {"name", "job"}}}));
}

IssuedShare MongoShareStore::create(const std::string& job_id, const std::string& owner,
                                    std::optional<TimeMs> expires_at) {
  IssuedShare issued{new_share_token(), {}};
  const std::string digest = sha256_hex(issued.token);
  issued.link = ShareLink{digest.substr(0, 16), job_id, owner, now_ms(), expires_at};
  Collection shares(*pool_, kShares);
  shares.insert_one({{"_id", digest},
                     {"id", issued.link.id},
                     {"job_id", job_id},
                     {"owner", owner},
                     {"created_at", issued.link.created_at},
                     {"expires_at", expires_at ? Json(*expires_at) : Json(nullptr)},
                     {"revoked_at", nullptr}});
  return issued;
}

std::vector<ShareLink> MongoShareStore::list(const std::string& job_id, const std::string& owner) {
  Collection shares(*pool_, kShares);
  std::vector<ShareLink> links;
  for (const Json& doc : shares.find({{"job_id", job_id}, {"owner", owner}, {"revoked_at", nullptr}},
                                     {Ordered{{"created_at", 1}, {"id", 1}}}))
    links.push_back(link_from(doc));
  return links;
}

bool MongoShareStore::revoke(const std::string& job_id, const std::string& owner, const std::string& share_id) {
  Collection shares(*pool_, kShares);
  return shares.update_one({{"id", share_id}, {"job_id", job_id}, {"owner", owner}, {"revoked_at", nullptr}},
                           {{"$set", {{"revoked_at", now_ms()}}}}) > 0;
}

std::optional<ShareLink> MongoShareStore::resolve(const std::string& token) {
  Collection shares(*pool_, kShares);
  auto doc = shares.find_one({{"_id", sha256_hex(token)}});
  if (!doc || !doc->at("revoked_at").is_null()) return std::nullopt;
  ShareLink link = link_from(*doc);
  if (link.expires_at && *link.expires_at <= now_ms()) return std::nullopt;
  return link;
}

void MongoShareStore::remove_for_job(const std::string& job_id) {
  Collection shares(*pool_, kShares);
  shares.delete_many({{"job_id", job_id}});
}

}  // namespace deeptrace
