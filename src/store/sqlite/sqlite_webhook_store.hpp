#pragma once
// WebhookStore in the same SQLite file as the jobs (webhooks,
// webhook_deliveries and webhook_feed tables).
#include <chrono>
#include <filesystem>
#include <mutex>

#include "store/sqlite/sqlite_util.hpp"
#include "store/webhook_store.hpp"

namespace deeptrace {

class SqliteWebhookStore final : public WebhookStore {
 public:
  explicit SqliteWebhookStore(const std::filesystem::path& file,
                              std::chrono::milliseconds busy_timeout = std::chrono::seconds(10));

  void create(const Webhook& hook) override;
  std::vector<Webhook> list(const std::string& owner) override;
  std::optional<Webhook> get(const std::string& id, const std::string& owner) override;
  std::optional<Webhook> update(const std::string& id, const std::string& owner, const WebhookPatch& patch) override;
  bool remove(const std::string& id, const std::string& owner) override;
  std::vector<Webhook> subscribers(const std::string& owner, std::string_view event) override;
  std::optional<Webhook> find(const std::string& id) override;

  bool enqueue(const Delivery& delivery, const std::string& dedupe_key) override;
  std::vector<Delivery> due(TimeMs now, int limit) override;
  bool claim(const Delivery& delivery, TimeMs lease_until) override;
  void record_attempt(const AttemptRecord& attempt) override;
  std::vector<Delivery> deliveries(const std::string& webhook_id, int limit) override;
  std::optional<Delivery> delivery(const std::string& delivery_id) override;
  std::int64_t trim_deliveries(TimeMs cutoff) override;

  TimeMs feed_cursor(TimeMs initial) override;
  void set_feed_cursor(TimeMs cursor) override;

 private:
  std::vector<Webhook> select_webhooks(std::string_view where, const std::string& a, const std::string& b = {});
  std::vector<Delivery> select_deliveries(std::string_view rest, const std::string& key, std::int64_t number);

  std::mutex mutex_;
  sqlite::Connection connection_;
};

}  // namespace deeptrace
