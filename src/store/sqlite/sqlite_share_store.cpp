#include "store/sqlite/sqlite_share_store.hpp"

#include "core/random.hpp"
#include "core/sha256.hpp"
#include "core/time.hpp"
#include "store/sqlite/sqlite_schema.hpp"

namespace deeptrace {
namespace {

using sqlite::Statement;

ShareLink link_from_row(const Statement& row) {
  return ShareLink{row.text(0), row.text(1), row.text(2), row.int64(3), row.optional_int64(4)};
}

}  // namespace

std::string new_share_token() { return "dtshr_" + random_hex(32); }

SqliteShareStore::SqliteShareStore(const std::filesystem::path& file, std::chrono::milliseconds busy_timeout)
    : connection_(file, busy_timeout) {
  sqlite::migrate(connection_);
}

IssuedShare SqliteShareStore::create(const std::string& job_id, const std::string& owner,
                                     std::optional<TimeMs> expires_at) {
  IssuedShare issued{new_share_token(), {}};
  const std::string digest = sha256_hex(issued.token);
  issued.link = ShareLink{digest.substr(0, 16), job_id, owner, now_ms(), expires_at};
  std::lock_guard lock(mutex_);
  Statement insert(connection_,
                   "INSERT INTO shares (token_hash, id, job_id, owner, created_at, expires_at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  insert.bind(1, digest).bind(2, issued.link.id).bind(3, job_id).bind(4, owner);
  insert.bind(5, issued.link.created_at).bind(6, expires_at).run();
  return issued;
}

std::vector<ShareLink> SqliteShareStore::list(const std::string& job_id, const std::string& owner) {
  std::lock_guard lock(mutex_);
  Statement select(connection_,
                   "SELECT id, job_id, owner, created_at, expires_at FROM shares "
                   "WHERE job_id=?1 AND owner=?2 AND revoked_at IS NULL ORDER BY created_at, rowid");
  select.bind(1, job_id).bind(2, owner);
  std::vector<ShareLink> links;
  while (select.step()) links.push_back(link_from_row(select));
  return links;
}

bool SqliteShareStore::revoke(const std::string& job_id, const std::string& owner, const std::string& share_id) {
  std::lock_guard lock(mutex_);
  Statement update(connection_,
                   "UPDATE shares SET revoked_at=?1 WHERE id=?2 AND job_id=?3 AND owner=?4 AND revoked_at IS NULL");
  return update.bind(1, now_ms()).bind(2, share_id).bind(3, job_id).bind(4, owner).run() > 0;
}

std::optional<ShareLink> SqliteShareStore::resolve(const std::string& token) {
  std::lock_guard lock(mutex_);
  Statement select(connection_,
                   "SELECT id, job_id, owner, created_at, expires_at FROM shares WHERE token_hash=?1 "
                   "AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at>?2)");
  select.bind(1, sha256_hex(token)).bind(2, now_ms());
  if (!select.step()) return std::nullopt;
  return link_from_row(select);
}

void SqliteShareStore::remove_for_job(const std::string& job_id) {
  std::lock_guard lock(mutex_);
  Statement remove(connection_, "DELETE FROM shares WHERE job_id=?1");
  remove.bind(1, job_id).run();
}

}  // namespace deeptrace
