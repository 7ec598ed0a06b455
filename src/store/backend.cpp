#include "store/backend.hpp"

#include "core/errors.hpp"
#include "store/sqlite/local_media_store.hpp"
#include "store/mongo/mongo_anchor_store.hpp"
#include "store/mongo/mongo_job_store.hpp"
#include "store/mongo/mongo_media_store.hpp"
#include "store/mongo/mongo_share_store.hpp"
#include "store/mongo/mongo_user_store.hpp"
#include "store/mongo/mongo_webhook_store.hpp"
#include "store/sqlite/sqlite_anchor_store.hpp"
#include "store/sqlite/sqlite_job_store.hpp"
#include "store/sqlite/sqlite_share_store.hpp"
#include "store/sqlite/sqlite_user_store.hpp"
#include "store/sqlite/sqlite_webhook_store.hpp"

namespace deeptrace {
namespace fs = std::filesystem;
namespace {

bool starts_with(const std::string& text, std::string_view prefix) { return text.rfind(prefix, 0) == 0; }

// "" / "sqlite:" => <state>/deeptrace.db; "sqlite:PATH" or a plain PATH => PATH.
fs::path sqlite_file(const std::string& url, const fs::path& state_dir) {
  std::string path = starts_with(url, "sqlite:") ? url.substr(7) : url;
  if (path.empty()) return state_dir / "deeptrace.db";
  return path;
}

Backend open_sqlite(const fs::path& file, const fs::path& state_dir) {
  if (file.has_parent_path()) fs::create_directories(file.parent_path());
  Backend backend;
  backend.jobs = std::make_unique<SqliteJobStore>(file);
  backend.users = std::make_unique<SqliteUserStore>(file);
  backend.media = std::make_unique<LocalMediaStore>(state_dir);
  backend.anchors = std::make_unique<SqliteAnchorStore>(file);
  backend.webhooks = std::make_unique<SqliteWebhookStore>(file);
  backend.shares = std::make_unique<SqliteShareStore>(file);
  return backend;
}

// Jobs, users and media on the server; only upload temp files and the
// decoders' media cache stay on this machine's state directory.
Backend open_mongo(const std::string& url, const fs::path& state_dir) {
  auto pool = std::make_shared<mongo::Pool>(url);
  Backend backend;
  backend.jobs = std::make_unique<MongoJobStore>(pool);
  backend.users = std::make_unique<MongoUserStore>(pool);
  backend.media = std::make_unique<MongoMediaStore>(pool, state_dir);
  backend.anchors = std::make_unique<MongoAnchorStore>(pool);
  backend.webhooks = std::make_unique<MongoWebhookStore>(pool);
  backend.shares = std::make_unique<MongoShareStore>(pool);
  return backend;
}

void create_state_dir(const fs::path& state_dir) {
  try {
    fs::create_directories(state_dir);
  } catch (const fs::filesystem_error& e) {
    throw Error(ErrorCode::STORE_UNAVAILABLE, std::string("cannot create state directory: ") + e.what());
  }
}

bool is_mongo_url(const std::string& url) {
  return starts_with(url, "mongodb://") || starts_with(url, "mongodb+srv://");
}

}  // namespace

std::optional<fs::path> sqlite_database_file(const std::string& store_url, const fs::path& state_dir) {
  if (is_mongo_url(store_url)) return std::nullopt;
  return sqlite_file(store_url, state_dir);
}

Backend open_backend(const std::string& store_url, const fs::path& state_dir) {
  if (is_mongo_url(store_url)) {
    create_state_dir(state_dir);
    return open_mongo(store_url, state_dir);
  }
  if (store_url.find("://") != std::string::npos) {
    throw Error(ErrorCode::INVALID_REQUEST, "unsupported store URL '" + store_url +
                                                "' (use sqlite:PATH, a file path, or mongodb://)");
  }
  create_state_dir(state_dir);
  return open_sqlite(sqlite_file(store_url, state_dir), state_dir);
}

}  // namespace deeptrace
