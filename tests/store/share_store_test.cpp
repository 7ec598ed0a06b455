// The ShareStore conformance suite: every TEST_P runs against each backend
// in the INSTANTIATE_TEST_SUITE_P at the bottom.
#include <gtest/gtest.h>

#include <thread>

#include "core/sha256.hpp"
#include "core/time.hpp"
#include "mongo/mongo_test_server.hpp"
#include "store/mongo/mongo_client.hpp"
#include "store/mongo/mongo_job_store.hpp"
#include "store/mongo/mongo_share_store.hpp"
#include "store/sqlite/sqlite_job_store.hpp"
#include "store/sqlite/sqlite_share_store.hpp"
#include "store_conformance.hpp"

namespace deeptrace::testing {
namespace {

// Links point at real jobs (SQLite's table refers to jobs).
class ShareStoreConformance : public StoreConformance<ShareStore> {
 protected:
  std::string job(const std::string& owner) {
    NewJob request;
    request.owner = owner;
    request.media.sha256 = std::string(64, 'a');
    return open_jobs()->create(request).job.id;
  }
  std::unique_ptr<JobStore> open_jobs();
};

std::unique_ptr<JobStore> ShareStoreConformance::open_jobs() {
  if (GetParam().name == "SQLite") return std::make_unique<SqliteJobStore>(scope_ / "deeptrace.db");
  return std::make_unique<MongoJobStore>(std::make_shared<mongo::Pool>(mongo_test_url(mongo_database_for(scope_))));
}

TEST_P(ShareStoreConformance, ATokenOpensItsJobUntilRevoked) {
  const std::string job_id = job("alice");
  IssuedShare issued = store_->create(job_id, "alice", std::nullopt);
  EXPECT_EQ(issued.token.substr(0, 6), "dtshr_");
  EXPECT_EQ(issued.token.size(), 70u);  // 256 random bits
  EXPECT_EQ(issued.link.id, sha256_hex(issued.token).substr(0, 16));
  EXPECT_NE(store_->create(job_id, "alice", std::nullopt).token, issued.token);

  auto opened = open_on("machine-b")->resolve(issued.token);
  ASSERT_TRUE(opened.has_value());
  EXPECT_EQ(opened->job_id, job_id);
  EXPECT_EQ(opened->owner, "alice");
  EXPECT_FALSE(store_->resolve(issued.token + "0").has_value());
  EXPECT_FALSE(store_->resolve(sha256_hex(issued.token)).has_value()) << "the stored digest opens nothing";

  ASSERT_EQ(store_->list(job_id, "alice").size(), 2u);
  EXPECT_TRUE(store_->list(job_id, "bob").empty());
  EXPECT_FALSE(store_->revoke(job_id, "bob", issued.link.id)) << "only its owner revokes it";
  EXPECT_TRUE(store_->revoke(job_id, "alice", issued.link.id));
  EXPECT_FALSE(store_->revoke(job_id, "alice", issued.link.id));
  EXPECT_FALSE(store_->resolve(issued.token).has_value());
  EXPECT_EQ(store_->list(job_id, "alice").size(), 1u);
}

TEST_P(ShareStoreConformance, AnExpiredLinkOpensNothing) {
  const std::string job_id = job("alice");
  IssuedShare brief = store_->create(job_id, "alice", now_ms() + 100);
  IssuedShare lasting = store_->create(job_id, "alice", now_ms() + 3'600'000);
  EXPECT_TRUE(store_->resolve(brief.token).has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  EXPECT_FALSE(store_->resolve(brief.token).has_value());
  EXPECT_TRUE(store_->resolve(lasting.token).has_value());
  EXPECT_EQ(store_->list(job_id, "alice").size(), 2u) << "listed until revoked";
}

TEST_P(ShareStoreConformance, LinksGoWithTheirJob) {
  const std::string job_id = job("alice");
  const std::string other = job("alice");
  IssuedShare gone = store_->create(job_id, "alice", std::nullopt);
  IssuedShare kept = store_->create(other, "alice", std::nullopt);
  store_->remove_for_job(job_id);
  EXPECT_FALSE(store_->resolve(gone.token).has_value());
  EXPECT_TRUE(store_->resolve(kept.token).has_value());
}

std::unique_ptr<ShareStore> open_sqlite(const std::filesystem::path& scope, const std::filesystem::path&) {
  return std::make_unique<SqliteShareStore>(scope / "deeptrace.db");
}

std::unique_ptr<ShareStore> open_mongo(const std::filesystem::path& scope, const std::filesystem::path&) {
  return std::make_unique<MongoShareStore>(std::make_shared<mongo::Pool>(mongo_test_url(mongo_database_for(scope))));
}

INSTANTIATE_TEST_SUITE_P(Backends, ShareStoreConformance,
                         ::testing::Values(StoreBackend<ShareStore>{"SQLite", open_sqlite},
                                           StoreBackend<ShareStore>{"MongoDB", open_mongo}),
                         BackendName());

}  // namespace
}  // namespace deeptrace::testing
