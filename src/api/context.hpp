#pragma once
// What every request handler can reach: the immutable config, the stores,
// the blocking-work and probing pools, the SSE hub, the metrics, the uploads
// in progress and the storage health; plus the per-request Exchange.
#include <atomic>
#include <map>
#include <optional>
#include <shared_mutex>
#include <string>

#include "api/active_uploads.hpp"
#include "api/asio_types.hpp"
#include "api/config.hpp"
#include "api/connection.hpp"
#include "api/event_hub.hpp"
#include "api/metrics.hpp"
#include "api/responses.hpp"
#include "api/router.hpp"
#include "api/storage_health.hpp"
#include "catalog/model_catalog.hpp"
#include "store/anchor_store.hpp"
#include "store/job_store.hpp"
#include "store/media_store.hpp"
#include "store/share_store.hpp"
#include "store/user_store.hpp"
#include "store/webhook_store.hpp"

namespace deeptrace::api {

struct ServerContext {
  const Config& config;
  JobStore& jobs;
  UserStore& users;
  MediaStore& media;
  AnchorStore& anchors;
  WebhookStore& webhooks;
  ShareStore& shares;
  asio::thread_pool& blocking;  // store calls and other short blocking work
  asio::thread_pool& probing;   // media probes, which can be slow
  EventHub& hub;
  Metrics metrics;
  std::atomic<bool> shutting_down{false};
  std::atomic<int> active_requests{0};
  catalog::ModelCatalog models;  // GET /api/v1/models, read once at start-up
  ActiveUploads uploads;  // temp files the stale-file sweep must leave alone
  StorageHealth storage;
  // Shared by an upload from media.put() until its job exists; exclusive to
  // a delete or retention purge from the store's delete to media.remove():
  // a blob is never removed just as a new job comes to refer to it.
  std::shared_mutex blob_references;
};

struct Exchange {
  Connection& conn;
  BodyParser& parser;
  Target target;
  std::map<std::string, std::string> params;
  std::string request_id;
  std::string job_id;  // for the access log, once known
  std::optional<User> user;
  std::string key_id{};  // ApiKey::id of the key that authenticated the request
  std::optional<Session> session{};  // when a session cookie authenticated it
  nlohmann::json body;  // the parsed request body of routes that take JSON
  bool keep_alive = true;
  bool streamed = false;  // the handler wrote its own response (SSE)
  int status = 0;

  const http::request<http::buffer_body>& request() const { return parser.get(); }
  std::chrono::seconds idle_timeout(const Config& c) const { return std::chrono::seconds(c.request_timeout_s); }
};

// A job's API JSON with its links (self, events, cancel, delete, rerun).
nlohmann::json job_json_with_links(const Job& job);
// The same, plus a PENDING job's queue_position (a store call: not on an
// I/O thread in a loop over many jobs).
nlohmann::json job_json_for_owner(ServerContext& ctx, const Job& job);

}  // namespace deeptrace::api
