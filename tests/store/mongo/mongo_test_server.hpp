#pragma once
// A FerretDB server for the MongoDB tests, started on first use on a free
// loopback port (scripts/ferretdb, SQLite handler, data in a temp dir) and
// stopped when the test binary exits. If the binary is missing, every use
// throws with a message naming the install script: the MongoDB cases fail,
// they are never skipped.
#include <string>

namespace deeptrace::testing {

// mongodb://127.0.0.1:PORT/<database>
std::string mongo_test_url(const std::string& database);

// The server's data stays; the process stops and restarts on the same port
// (for outage tests).
void stop_mongo_test_server();
void restart_mongo_test_server();

}  // namespace deeptrace::testing
