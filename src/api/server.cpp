#include "api/server.hpp"

#include <algorithm>

#include "api/dispatch.hpp"
#include "api/model_catalog.hpp"
#include "core/log.hpp"
#include "core/random.hpp"
#include "core/time.hpp"
#include "store/backend.hpp"
#include "store/temp_sweep.hpp"

namespace deeptrace::api {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kHeaderLimit = 16 * 1024;
constexpr auto kDrainDeadline = std::chrono::seconds(10);

tcp::endpoint listen_endpoint(const Config& config) {
  return {asio::ip::make_address(config.host), static_cast<unsigned short>(config.port)};
}

// The state directory, and the SQLite database's directory when it is elsewhere.
std::vector<StorageVolume> storage_volumes(const Config& config) {
  std::vector<StorageVolume> volumes = {{"state", config.state_dir}};
  if (auto db = sqlite_database_file(config.store_url, config.state_dir)) {
    fs::path dir = db->has_parent_path() ? db->parent_path() : fs::path(".");
    std::error_code ec;
    if (!fs::equivalent(dir, config.state_dir, ec)) volumes.push_back({"database", dir});
  }
  return volumes;
}

Response response_for_exception(ServerContext& ctx, const std::string& request_id, std::string_view route) {
  try {
    throw;
  } catch (const Error& e) {
    if (e.code() == ErrorCode::INTERNAL || e.code() == ErrorCode::STORE_UNAVAILABLE) {
      log::error("request failed", {{"request_id", request_id}, {"route", route}, {"code", code_name(e.code())},
                                    {"error", e.what()}});
    }
    if (e.code() == ErrorCode::INSUFFICIENT_STORAGE) {
      log::warn("request failed: no space left", {{"request_id", request_id}, {"route", route},
                                                 {"code", code_name(e.code())}, {"error", e.what()}});
      ctx.storage.record_full(route, e.what());
    }
    Response res = error_response(e, request_id);
    if (e.code() == ErrorCode::UNAUTHORIZED) res.set(http::field::www_authenticate, "Bearer");
    return res;
  } catch (const std::exception& e) {
    log::error("unexpected exception", {{"request_id", request_id}, {"route", route}, {"error", e.what()}});
    return error_response(Error(ErrorCode::INTERNAL), request_id);
  }
}

void log_access(const Exchange& ex, std::string_view route, double seconds) {
  nlohmann::json fields = {{"request_id", ex.request_id},
                           {"method", std::string(ex.request().method_string())},
                           {"path", ex.target.path},
                           {"route", route},
                           {"status", ex.status},
                           {"duration_ms", seconds * 1000}};
  if (!ex.job_id.empty()) fields["job_id"] = ex.job_id;
  if (ex.user) fields["user"] = ex.user->name;
  log::info("request", fields);
}

// Decrements the in-flight count on every exit path, for the shutdown drain.
struct InFlight {
  std::atomic<int>& count;
  explicit InFlight(std::atomic<int>& c) : count(c) { ++count; }
  ~InFlight() { --count; }
};

WebhookSettings webhook_settings(const Config& config) {
  WebhookSettings settings{WebhookAddressPolicy(config.webhook_allowed_hosts), config.webhook_retry_delays_ms};
  settings.timeout = std::chrono::seconds(config.webhook_timeout_s);
  settings.log_retention_ms = static_cast<TimeMs>(config.webhook_log_days) * 24 * 3600 * 1000;
  return settings;
}

}  // namespace

Server::Server(const Config& config, Backend& backend)
    : config_(config),
      blocking_(std::max(2, config.io_threads())),
      probing_(config.probe_threads),
      acceptor_(io_),
      hub_(io_, *backend.jobs, std::chrono::milliseconds(config.sse_poll_ms)),
      ctx_{config, *backend.jobs, *backend.users, *backend.media, *backend.anchors, *backend.webhooks, *backend.shares,
           blocking_,
           probing_, hub_, {}, {}, {}, load_model_catalog(config.models_dir), {},
           StorageHealth(storage_volumes(config), config.min_free_bytes)},
      webhooks_(*backend.jobs, *backend.webhooks, webhook_settings(config), &ctx_.metrics) {
  auto endpoint = listen_endpoint(config);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
}

void Server::run() {
  sweep_stale_temp_files("start");  // nothing of this process is in progress yet
  ctx_.storage.check();             // logs at once if storage starts out degraded
  hub_.start();
  webhooks_.start();
  asio::co_spawn(io_, accept_loop(), asio::detached);
  asio::co_spawn(io_, shutdown_when_signalled(), asio::detached);
  asio::co_spawn(io_, housekeeping(), asio::detached);
  log::info("listening", {{"host", config_.host}, {"port", acceptor_.local_endpoint().port()},
                          {"threads", config_.io_threads()}, {"state", config_.state_dir.string()}});
  std::vector<std::thread> threads;
  for (int i = 1; i < config_.io_threads(); ++i) threads.emplace_back([this] { io_.run(); });
  io_.run();
  for (auto& t : threads) t.join();
  webhooks_.stop();
  probing_.join();
  blocking_.join();
  log::info("stopped");
}

void Server::sweep_stale_temp_files(std::string_view when) {
  TempSweepResult swept = sweep_stale_upload_temps(ctx_.media.temp_dir(), std::chrono::seconds(config_.temp_max_age_s),
                                                   [this](const fs::path& file) { return ctx_.uploads.owns(file); });
  if (swept.removed == 0) return;
  log::info("removed stale upload temp files", {{"files", swept.removed}, {"bytes", swept.bytes}, {"when", when},
                                                {"dir", ctx_.media.temp_dir().string()}});
}

// Retention: finished jobs past --retention-days go with the blobs only they
// used, under the same exclusive lock as a delete (context.hpp).
void Server::delete_expired_jobs() {
  if (config_.retention_days <= 0) return;
  const TimeMs cutoff = now_ms() - static_cast<TimeMs>(config_.retention_days * 24 * 3600 * 1000);
  try {
    std::unique_lock references(ctx_.blob_references);
    std::vector<std::string> orphaned = ctx_.jobs.purge_finished_before(cutoff);
    for (const std::string& sha256 : orphaned) ctx_.media.remove(sha256);
    if (!orphaned.empty())
      log::info("retention removed expired jobs' blobs", {{"blobs_removed", orphaned.size()},
                                                          {"finished_before", format_rfc3339(cutoff)}});
  } catch (const std::exception& e) {
    log::warn("retention sweep failed; the next sweep tries again", {{"error", e.what()}});
  }
}

// Every storage check interval: a probe write after a full disk, the free
// space (which logs a change of state); every sweep interval, stale upload
// temp files and expired jobs. File system work runs on the blocking pool.
awaitable<void> Server::housekeeping() {
  auto check_every = std::chrono::seconds(config_.storage_check_interval_s);
  auto sweep_every = std::chrono::seconds(config_.temp_sweep_interval_s);
  auto next_sweep = std::chrono::steady_clock::now() + sweep_every;
  asio::steady_timer timer(io_);
  while (!ctx_.shutting_down) {
    timer.expires_after(std::min(check_every, sweep_every));
    beast::error_code ec;
    co_await timer.async_wait(asio::redirect_error(use_awaitable, ec));
    if (ec || ctx_.shutting_down) co_return;
    bool sweep = std::chrono::steady_clock::now() >= next_sweep;
    if (sweep) next_sweep = std::chrono::steady_clock::now() + sweep_every;
    co_await run_blocking(blocking_, [this, sweep] {
      ctx_.storage.probe_after_full();
      ctx_.storage.check();
      if (sweep) sweep_stale_temp_files("periodic");
      if (sweep) delete_expired_jobs();
    });
  }
}

awaitable<void> Server::shutdown_when_signalled() {
  asio::signal_set signals(io_, SIGINT, SIGTERM);
  int signal = co_await signals.async_wait(use_awaitable);
  log::info("shutting down", {{"signal", signal}, {"in_flight", ctx_.active_requests.load()}});
  ctx_.shutting_down = true;
  beast::error_code ignored;
  acceptor_.close(ignored);
  hub_.shutdown();
  asio::steady_timer timer(io_);
  auto deadline = std::chrono::steady_clock::now() + kDrainDeadline;
  while (ctx_.active_requests > 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(50));
    co_await timer.async_wait(use_awaitable);
  }
  io_.stop();
}

awaitable<void> Server::accept_loop() {
  for (;;) {
    beast::error_code ec;
    tcp::socket socket = co_await acceptor_.async_accept(asio::make_strand(io_), asio::redirect_error(use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) co_return;
    if (ec) {
      log::warn("accept failed", {{"error", ec.message()}});
      continue;
    }
    auto executor = socket.get_executor();
    asio::co_spawn(executor, session(std::move(socket)), asio::detached);
  }
}

awaitable<void> Server::session(tcp::socket socket) {
  auto conn = std::make_shared<Connection>(std::move(socket));
  try {
    while (!ctx_.shutting_down && co_await serve_one(conn)) {
    }
  } catch (const std::exception& e) {
    log::debug("connection ended", {{"error", e.what()}});
  }
  conn->close();
}

awaitable<bool> Server::serve_one(std::shared_ptr<Connection> conn) {
  BodyParser parser;
  // Enforced per route while streaming. (Not boost::none: Beast 1.74 compares
  // the length against the optional and treats "none" as a zero limit.)
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  parser.header_limit(kHeaderLimit);
  std::string request_id = random_hex(8);
  std::optional<Response> refused;
  try {
    if (!co_await conn->read_header(parser, std::chrono::seconds(config_.request_timeout_s))) co_return false;
  } catch (const Error& e) {
    refused = error_response(e, request_id);  // unparseable or oversized request: answer, then close
  }
  if (refused) {
    refused->keep_alive(false);
    refused->set("X-Request-Id", request_id);
    add_security_headers(*refused);
    co_await conn->write(*refused);
    // The client may still be sending (the rest of its headers): read it off
    // so closing does not reset the connection before it reads the answer.
    co_await conn->lingering_close();
    co_return false;
  }
  InFlight in_flight(ctx_.active_requests);
  auto started = std::chrono::steady_clock::now();
  Exchange ex{*conn, parser, parse_target(parser.get().target()), {}, request_id, {}, {}};
  std::string route = "unmatched";
  Response res;
  try {
    res = co_await dispatch(ctx_, ex, route);
  } catch (...) {
    res = response_for_exception(ctx_, request_id, route);
  }
  if (!ex.streamed) {
    ex.status = static_cast<int>(res.result_int());
    ex.keep_alive = ex.keep_alive && parser.is_done() && parser.get().keep_alive() && !ctx_.shutting_down;
    res.set("X-Request-Id", request_id);
    add_security_headers(res);
    res.keep_alive(ex.keep_alive);
    beast::error_code ignored;
    try {
      co_await conn->write(res);
    } catch (const std::exception&) {
      ex.keep_alive = false;
    }
    if (!parser.is_done() && conn->usable()) co_await conn->lingering_close();
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ctx_.metrics.observe(route, ex.status, seconds);
  log_access(ex, route, seconds);
  co_return ex.keep_alive && conn->usable();
}

}  // namespace deeptrace::api
