#include "store/sqlite/sqlite_util.hpp"

#include <algorithm>
#include <thread>

#include "core/errors.hpp"
#include "core/file_io.hpp"

namespace deeptrace::sqlite {
namespace {

// Codes that mean "the database is not reachable right now" rather than a bug.
bool means_unavailable(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
    case SQLITE_READONLY:
    case SQLITE_PROTOCOL:
    case SQLITE_PERM:
    case SQLITE_NOMEM:
      return true;
    default:
      return false;
  }
}

bool is_busy(int rc) { return (rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED; }

// The busy handler covers almost every wait, but a few paths (WAL recovery,
// journal-mode switches during concurrent opens) return SQLITE_BUSY at once.
// Retries stop at the same deadline the busy handler uses.
template <typename Fn>
int with_busy_retry(std::chrono::milliseconds timeout, Fn&& fn) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int rc = fn();
  while (is_busy(rc) && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
    rc = fn();
  }
  return rc;
}

// SQLITE_FULL is a full disk (or max_page_count); an I/O error is one too
// when the system call under it failed with ENOSPC/EDQUOT (a write to the
// WAL index, an fsync on some filesystems).
bool means_out_of_space(int rc, sqlite3* db) {
  if ((rc & 0xff) == SQLITE_FULL) return true;
  return (rc & 0xff) == SQLITE_IOERR && db && is_out_of_space(sqlite3_system_errno(db));
}

}  // namespace

void throw_sqlite_error(int rc, sqlite3* db, std::string_view context) {
  std::string message = std::string(context) + ": " +
                        (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  ErrorCode code = means_out_of_space(rc, db) ? ErrorCode::INSUFFICIENT_STORAGE
                   : means_unavailable(rc)    ? ErrorCode::STORE_UNAVAILABLE
                                              : ErrorCode::INTERNAL;
  throw Error(code, message);
}

Connection::Connection(const std::filesystem::path& file, std::chrono::milliseconds busy_timeout)
    : busy_timeout_(busy_timeout) {
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX;
  int rc = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = "cannot open " + file.string() + ": " + sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw Error(ErrorCode::STORE_UNAVAILABLE, message);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_handler(db_, &Connection::on_busy, this);
  try {
    exec("PRAGMA journal_mode=WAL");
    exec("PRAGMA synchronous=NORMAL");
    exec("PRAGMA foreign_keys=ON");
  } catch (...) {
    sqlite3_close_v2(db_);
    throw;
  }
}

Connection::~Connection() { sqlite3_close_v2(db_); }

// SQLite's default busy handler sleeps 1, 2, 5, ... up to 100 ms between
// tries, far longer than a claim holds the write lock (well under 1 ms), so
// contending workers idle. Short, growing sleeps keep the lock busy instead;
// the overall wait is still bounded by the busy timeout.
int Connection::on_busy(void* self, int attempt) {
  auto* connection = static_cast<Connection*>(self);
  auto now = std::chrono::steady_clock::now();
  if (attempt == 0) connection->busy_since_ = now;
  if (now - connection->busy_since_ >= connection->busy_timeout_) return 0;  // give up: SQLITE_BUSY
  auto pause = std::chrono::microseconds(std::min(2000, 50 * (attempt + 1)));
  std::this_thread::sleep_for(pause);
  return 1;
}

void Connection::exec(const std::string& sql) {
  int rc = with_busy_retry(busy_timeout_, [&] { return sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, nullptr); });
  if (rc != SQLITE_OK) throw_sqlite_error(rc, db_, "exec '" + sql.substr(0, 60) + "'");
}

int Connection::user_version() {
  Statement stmt(*this, "PRAGMA user_version");
  return stmt.step() ? stmt.int32(0) : 0;
}

Statement::Statement(Connection& connection, std::string_view sql) : connection_(connection) {
  int rc = sqlite3_prepare_v2(connection.handle(), sql.data(), static_cast<int>(sql.size()), &stmt_,
                              nullptr);
  if (rc != SQLITE_OK) throw_sqlite_error(rc, connection.handle(), "prepare");
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

Statement& Statement::bind(int index, std::int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) throw_sqlite_error(rc, connection_.handle(), "bind");
  return *this;
}

Statement& Statement::bind(int index, std::string_view value) {
  int rc = sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()),
                             SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) throw_sqlite_error(rc, connection_.handle(), "bind");
  return *this;
}

Statement& Statement::bind_null(int index) {
  int rc = sqlite3_bind_null(stmt_, index);
  if (rc != SQLITE_OK) throw_sqlite_error(rc, connection_.handle(), "bind");
  return *this;
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw_sqlite_error(rc, connection_.handle(), "step");
}

int Statement::run() {
  while (step()) {
  }
  return connection_.changes();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string Statement::text(int column) const {
  const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  return data ? std::string(data, static_cast<size_t>(sqlite3_column_bytes(stmt_, column))) : "";
}

std::optional<std::string> Statement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::optional<std::int64_t> Statement::optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

ImmediateTransaction::ImmediateTransaction(Connection& connection) : connection_(connection) {
  connection_.exec("BEGIN IMMEDIATE");
}

ImmediateTransaction::~ImmediateTransaction() {
  if (open_) sqlite3_exec(connection_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void ImmediateTransaction::commit() {
  connection_.exec("COMMIT");
  open_ = false;
}

}  // namespace deeptrace::sqlite
