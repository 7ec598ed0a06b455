#pragma once
#include "store/sqlite/sqlite_util.hpp"

namespace deeptrace::sqlite {

// Brings the database to the latest schema (PRAGMA user_version), inside
// BEGIN IMMEDIATE so that concurrent openers migrate exactly once. Every
// store on the file (jobs, users) calls it at open.
void migrate(Connection& connection);

}  // namespace deeptrace::sqlite
