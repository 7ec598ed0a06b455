#pragma once
// WebhookStore on MongoDB: "webhooks", "webhook_deliveries" (_id = endpoint
// id + ":" + dedupe key, so the primary key itself refuses a second delivery
// of one event; the message id is a field) and "webhook_feed".
#include <memory>

#include "store/mongo/mongo_client.hpp"
#include "store/webhook_store.hpp"

namespace deeptrace {

class MongoWebhookStore final : public WebhookStore {
 public:
  explicit MongoWebhookStore(std::shared_ptr<mongo::Pool> pool);

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
  void park_or_release(const std::string& webhook_id, bool enabled, TimeMs now);

  std::shared_ptr<mongo::Pool> pool_;
};

}  // namespace deeptrace
