#pragma once
// What the SQLite migrations (src/store/sqlite/sqlite_schema.cpp) added
// after schema version 2, undone: the migration tests turn a current file
// back into an older one with it. A new migration adds its undo here, and
// kCurrentSchemaVersion moves on.
namespace deeptrace::testing {

inline constexpr int kCurrentSchemaVersion = 8;  // 2 anchoring, 3 key names, 4 webhooks, 5 sessions, 6 shares,
                                                 // 7 quotas, 8 a rotated webhook secret kept signing

// Newest first: an undo may touch a table that an older one drops.
inline constexpr const char* kUndoSchemaAfterVersion2 =
    "ALTER TABLE webhooks DROP COLUMN previous_secret; ALTER TABLE webhooks DROP COLUMN previous_secret_until; "  // 8
    "ALTER TABLE api_keys DROP COLUMN name; ALTER TABLE api_keys DROP COLUMN expires_at; "  // 3
    "ALTER TABLE api_keys DROP COLUMN last_used_at; "
    "DROP TABLE webhook_deliveries; DROP TABLE webhooks; DROP TABLE webhook_feed; "  // 4
    "DROP TABLE sessions; "                                                          // 5
    "DROP TABLE shares; "                                                            // 6
    "ALTER TABLE users DROP COLUMN uploads_per_minute; ALTER TABLE users DROP COLUMN concurrent_jobs; "  // 7
    "ALTER TABLE users DROP COLUMN bytes_per_day; DROP TABLE upload_ledger; DROP INDEX jobs_owner_status; ";

// Version 8's undo alone: the start of the string above.
inline constexpr const char* kUndoSchemaAfterVersion7 =
    "ALTER TABLE webhooks DROP COLUMN previous_secret; ALTER TABLE webhooks DROP COLUMN previous_secret_until; ";

}  // namespace deeptrace::testing
