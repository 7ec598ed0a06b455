#pragma once
// The HTTP server: an acceptor, one coroutine per connection on its own
// strand, thread pools for blocking work and for media probes, housekeeping
// (stale upload temp files, free disk space), the webhook dispatcher, and
// graceful shutdown on
// SIGINT/SIGTERM (stop accepting, let in-flight requests finish).
#include <memory>
#include <thread>
#include <vector>

#include "api/context.hpp"
#include "api/webhook_dispatcher.hpp"
#include "store/backend.hpp"

namespace deeptrace::api {

class Server {
 public:
  Server(const Config& config, Backend& backend);
  // Blocks until a signal arrives and in-flight requests have drained.
  void run();

 private:
  awaitable<void> accept_loop();
  awaitable<void> session(tcp::socket socket);
  awaitable<bool> serve_one(std::shared_ptr<Connection> conn);
  awaitable<void> shutdown_when_signalled();
  awaitable<void> housekeeping();
  // Removes upload temp files a killed process left; logs what it removed.
  void sweep_stale_temp_files(std::string_view when);
  void delete_expired_jobs();

  const Config& config_;
  asio::thread_pool blocking_;
  asio::thread_pool probing_;
  asio::io_context io_;
  tcp::acceptor acceptor_;
  EventHub hub_;
  ServerContext ctx_;
  WebhookDispatcher webhooks_;
};

}  // namespace deeptrace::api
