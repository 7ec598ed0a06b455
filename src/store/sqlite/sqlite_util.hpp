#pragma once
// Small RAII wrappers over the SQLite C API. Every SQLite failure becomes a
// deeptrace::Error: INSUFFICIENT_STORAGE when the disk is full (SQLITE_FULL,
// or an I/O error from ENOSPC), STORE_UNAVAILABLE when the database cannot be
// reached (cannot open, I/O error, locked past the busy timeout, ...),
// INTERNAL for programming errors (bad SQL, constraint violations we did not
// expect).
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace deeptrace::sqlite {

[[noreturn]] void throw_sqlite_error(int rc, sqlite3* db, std::string_view context);

// One connection, configured for concurrent use by several processes:
// WAL journal, a busy timeout, synchronous=NORMAL, foreign keys on.
class Connection {
 public:
  Connection(const std::filesystem::path& file, std::chrono::milliseconds busy_timeout);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* handle() const { return db_; }
  // Runs one or more statements that return no rows.
  void exec(const std::string& sql);
  int changes() const { return sqlite3_changes(db_); }
  int user_version();

 private:
  static int on_busy(void* self, int attempt);

  sqlite3* db_ = nullptr;
  std::chrono::milliseconds busy_timeout_;
  std::chrono::steady_clock::time_point busy_since_;
};

// A prepared statement. Bind with 1-based indexes; step() returns true while
// there is a row.
class Statement {
 public:
  Statement(Connection& connection, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind_null(int index);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  bool step();
  // Runs a statement that returns no rows (or ignores them); returns changes().
  int run();
  void reset();

  bool is_null(int column) const;
  std::int64_t int64(int column) const;
  int int32(int column) const { return static_cast<int>(int64(column)); }
  std::string text(int column) const;
  std::optional<std::string> optional_text(int column) const;
  std::optional<std::int64_t> optional_int64(int column) const;

 private:
  Connection& connection_;
  sqlite3_stmt* stmt_ = nullptr;
};

// BEGIN IMMEDIATE takes the write lock up front, so two writers never
// deadlock upgrading read locks (which SQLite would answer with SQLITE_BUSY
// without consulting the busy timeout). Rolls back unless commit() ran.
class ImmediateTransaction {
 public:
  explicit ImmediateTransaction(Connection& connection);
  ~ImmediateTransaction();
  ImmediateTransaction(const ImmediateTransaction&) = delete;
  ImmediateTransaction& operator=(const ImmediateTransaction&) = delete;
  void commit();

 private:
  Connection& connection_;
  bool open_ = true;
};

}  // namespace deeptrace::sqlite
