#pragma once
// Opens the stores named by a --store URL: "sqlite:PATH" / a plain path
// (the embedded default: store/sqlite/) or "mongodb://..." (store/mongo/).
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "store/anchor_store.hpp"
#include "store/job_store.hpp"
#include "store/media_store.hpp"
#include "store/share_store.hpp"
#include "store/user_store.hpp"
#include "store/webhook_store.hpp"

namespace deeptrace {

struct Backend {
  std::unique_ptr<JobStore> jobs;
  std::unique_ptr<UserStore> users;
  std::unique_ptr<MediaStore> media;
  std::unique_ptr<AnchorStore> anchors;
  std::unique_ptr<WebhookStore> webhooks;
  std::unique_ptr<ShareStore> shares;
};

// state_dir holds the SQLite file (deeptrace.db), media/ and tmp/.
// store_url empty => SQLite in state_dir.
Backend open_backend(const std::string& store_url, const std::filesystem::path& state_dir);

// The SQLite database file open_backend() would use, or nullopt for a
// MongoDB store (e.g. to watch the free space where the database lives).
std::optional<std::filesystem::path> sqlite_database_file(const std::string& store_url,
                                                          const std::filesystem::path& state_dir);

}  // namespace deeptrace
