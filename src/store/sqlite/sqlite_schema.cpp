#include "store/sqlite/sqlite_schema.hpp"

#include <string>
#include <vector>

#include "core/errors.hpp"

namespace deeptrace::sqlite {
namespace {

// Migration N (1-based) brings the schema from version N-1 to N. Append new
// migrations; never edit one that has shipped.
const std::vector<std::string>& migrations() {
  static const std::vector<std::string> steps = {
      R"sql(
CREATE TABLE jobs (
  id               TEXT PRIMARY KEY,
  owner            TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN
                     ('PENDING','PROCESSING','COMPLETED','FAILED','CANCELLED')),
  priority         INTEGER NOT NULL DEFAULT 0,
  attempts         INTEGER NOT NULL DEFAULT 0,
  max_attempts     INTEGER NOT NULL,
  lease_id         TEXT,
  lease_owner      TEXT,
  lease_expires_at INTEGER,
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  idempotency_key  TEXT,
  run_after        INTEGER NOT NULL,
  created_at       INTEGER NOT NULL,
  updated_at       INTEGER NOT NULL,
  started_at       INTEGER,
  finished_at      INTEGER,
  media_sha256     TEXT NOT NULL,
  media            TEXT NOT NULL,
  options          TEXT NOT NULL,
  progress         TEXT NOT NULL,
  result           TEXT,
  error            TEXT,
  error_history    TEXT NOT NULL DEFAULT '[]'
);
CREATE UNIQUE INDEX jobs_owner_idempotency ON jobs (owner, idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE INDEX jobs_claim ON jobs (status, priority DESC, created_at, id);
CREATE INDEX jobs_owner_list ON jobs (owner, id DESC);
CREATE INDEX jobs_updated ON jobs (updated_at);
CREATE INDEX jobs_media ON jobs (media_sha256);
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;

CREATE TABLE workers (
  worker_id TEXT PRIMARY KEY,
  last_seen INTEGER NOT NULL,
  job_id    TEXT
);

CREATE TABLE users (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE,
  admin      INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE TABLE api_keys (
  key_hash   TEXT PRIMARY KEY,
  user_id    TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
);
CREATE INDEX api_keys_user ON api_keys (user_id);
)sql",
      // 2: chain anchoring (store/sqlite/sqlite_anchor_store.cpp). No foreign key to
      // jobs: purging old jobs must not erase the record of what was anchored.
      R"sql(
CREATE TABLE anchor_batches (
  id           TEXT PRIMARY KEY,
  root         TEXT NOT NULL UNIQUE,
  chain_id     INTEGER NOT NULL,
  contract     TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('prepared','submitted','confirmed')),
  count        INTEGER NOT NULL,
  tx_hash      TEXT,
  block_number INTEGER,
  block_time   INTEGER,
  created_at   INTEGER NOT NULL,
  updated_at   INTEGER NOT NULL
);
CREATE INDEX anchor_batches_state ON anchor_batches (state, created_at, id);
CREATE TABLE anchor_entries (
  job_id   TEXT PRIMARY KEY,
  batch_id TEXT NOT NULL REFERENCES anchor_batches(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  digest   TEXT NOT NULL,
  proof    TEXT NOT NULL
);
CREATE INDEX anchor_entries_batch ON anchor_entries (batch_id, position);
)sql",
      // 3: keys users manage themselves (GET/POST/DELETE /api/v1/keys).
      R"sql(
ALTER TABLE api_keys ADD COLUMN name TEXT NOT NULL DEFAULT '';
ALTER TABLE api_keys ADD COLUMN expires_at INTEGER;
ALTER TABLE api_keys ADD COLUMN last_used_at INTEGER;
)sql",
      // 4: webhook endpoints and their delivery outbox (store/sqlite/sqlite_webhook_store.cpp).
      R"sql(
CREATE TABLE webhooks (
  id                   TEXT PRIMARY KEY,
  owner                TEXT NOT NULL,
  url                  TEXT NOT NULL,
  events               TEXT NOT NULL,
  description          TEXT NOT NULL,
  secret               TEXT NOT NULL,
  enabled              INTEGER NOT NULL,
  disabled_reason      TEXT NOT NULL,
  consecutive_failures INTEGER NOT NULL,
  created_at           INTEGER NOT NULL,
  updated_at           INTEGER NOT NULL
);
CREATE INDEX webhooks_owner ON webhooks (owner, created_at);
CREATE TABLE webhook_deliveries (
  id              TEXT PRIMARY KEY,
  webhook_id      TEXT NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  dedupe_key      TEXT NOT NULL,
  event           TEXT NOT NULL,
  job_id          TEXT NOT NULL,
  payload         TEXT NOT NULL,
  state           TEXT NOT NULL CHECK (state IN ('pending','succeeded','failed')),
  attempts        INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  last_attempt_at INTEGER,
  response_status INTEGER,
  last_error      TEXT NOT NULL,
  UNIQUE (webhook_id, dedupe_key)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);
CREATE INDEX webhook_deliveries_log ON webhook_deliveries (webhook_id, created_at);
CREATE TABLE webhook_feed (
  id     INTEGER PRIMARY KEY CHECK (id = 1),
  cursor INTEGER NOT NULL
);
)sql",
      // 5: browser sessions (SqliteUserStore::create_session); they go with their key.
      R"sql(
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  key_hash   TEXT NOT NULL REFERENCES api_keys(key_hash) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expires_at);
)sql",
      // 6: read-only share links to a job's report (store/sqlite/sqlite_share_store.cpp).
      R"sql(
CREATE TABLE shares (
  token_hash TEXT PRIMARY KEY,
  id         TEXT NOT NULL,
  job_id     TEXT NOT NULL REFERENCES jobs(id) ON DELETE CASCADE,
  owner      TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  revoked_at INTEGER
);
CREATE INDEX shares_job ON shares (job_id, created_at);
)sql",
      // 7: quotas. Per-user overrides of the default limits (NULL: the
      // default), and a ledger of uploads that deleting a job leaves alone.
      R"sql(
ALTER TABLE users ADD COLUMN uploads_per_minute INTEGER;
ALTER TABLE users ADD COLUMN concurrent_jobs INTEGER;
ALTER TABLE users ADD COLUMN bytes_per_day INTEGER;
CREATE TABLE upload_ledger (
  owner      TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  bytes      INTEGER NOT NULL
);
CREATE INDEX upload_ledger_owner ON upload_ledger (owner, created_at);
CREATE INDEX upload_ledger_age ON upload_ledger (created_at);
CREATE INDEX jobs_owner_status ON jobs (owner, status);
)sql",
      // 8: a rotated webhook secret that still signs beside the new one for a while.
      R"sql(
ALTER TABLE webhooks ADD COLUMN previous_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE webhooks ADD COLUMN previous_secret_until INTEGER;
)sql",
  };
  return steps;
}

}  // namespace

void migrate(Connection& connection) {
  const auto& steps = migrations();
  // Cheap check first: most opens find the schema current.
  if (connection.user_version() == static_cast<int>(steps.size())) return;
  ImmediateTransaction tx(connection);
  int version = connection.user_version();
  if (version > static_cast<int>(steps.size())) {
    throw Error(ErrorCode::STORE_UNAVAILABLE,
                "database schema version " + std::to_string(version) +
                    " is newer than this build supports (" + std::to_string(steps.size()) + ")");
  }
  for (int next = version; next < static_cast<int>(steps.size()); ++next) {
    connection.exec(steps[static_cast<size_t>(next)]);
  }
  connection.exec("PRAGMA user_version=" + std::to_string(steps.size()));
  tx.commit();
}

}  // namespace deeptrace::sqlite
