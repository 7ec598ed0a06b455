#include "api/webhook_sender.hpp"

#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>

#include "api/asio_types.hpp"

namespace deeptrace::api {
namespace {

namespace ssl = asio::ssl;

// Receivers answer with a short acknowledgement; anything longer is not read.
constexpr std::uint64_t kMaxAnswerBytes = 64 * 1024;

http::request<http::string_body> webhook_request(const WebhookUrl& url, const WebhookMessage& message) {
  http::request<http::string_body> req{http::verb::post, url.target, 11};
  const bool default_port = url.port == (url.tls ? "443" : "80");
  const std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
  req.set(http::field::host, default_port ? host : host + ":" + url.port);
  req.set(http::field::content_type, "application/json");
  req.set(http::field::user_agent, "DeepTrace-Webhooks/" DEEPTRACE_VERSION);
  req.set("webhook-id", message.id);
  req.set("webhook-timestamp", std::to_string(message.timestamp_s));
  req.set("webhook-signature", message.signature);
  req.body() = message.body;
  req.prepare_payload();
  req.keep_alive(false);
  return req;
}

// The resolved addresses the policy permits; the refused ones are named in `refused`.
std::vector<tcp::endpoint> permitted_endpoints(const tcp::resolver::results_type& resolved, const WebhookUrl& url,
                                               const WebhookAddressPolicy& policy, std::string& refused) {
  std::vector<tcp::endpoint> endpoints;
  for (const auto& entry : resolved) {
    if (policy.permits(url, entry.endpoint().address())) {
      endpoints.push_back(entry.endpoint());
    } else {
      refused += (refused.empty() ? "" : ", ") + entry.endpoint().address().to_string();
    }
  }
  return endpoints;
}

template <class Stream>
awaitable<int> exchange(Stream& stream, const http::request<http::string_body>& req) {
  co_await http::async_write(stream, req, use_awaitable);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxAnswerBytes);
  parser.header_limit(16 * 1024);
  beast::error_code ec;
  co_await http::async_read_header(stream, buffer, parser, asio::redirect_error(use_awaitable, ec));
  if (ec) throw beast::system_error(ec);
  co_return static_cast<int>(parser.get().result_int());
}

awaitable<SendOutcome> attempt(const WebhookUrl& url, const WebhookAddressPolicy& policy,
                               const WebhookMessage& message, std::chrono::milliseconds timeout) {
  auto executor = co_await asio::this_coro::executor;
  tcp::resolver resolver(executor);
  auto resolved = co_await resolver.async_resolve(url.host, url.port, use_awaitable);
  std::string refused;
  std::vector<tcp::endpoint> endpoints = permitted_endpoints(resolved, url, policy, refused);
  if (endpoints.empty())
    co_return SendOutcome{false, std::nullopt,
                          "refused: " + url.host + " resolves only to non-public addresses (" + refused + ")"};
  const auto req = webhook_request(url, message);
  int status = 0;
  if (url.tls) {
    ssl::context tls(ssl::context::tls_client);
    tls.set_default_verify_paths();
    tls.set_verify_mode(ssl::verify_peer);
    beast::ssl_stream<beast::tcp_stream> stream(executor, tls);
    if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str()))
      co_return SendOutcome{false, std::nullopt, "cannot set the TLS server name"};
    stream.set_verify_callback(ssl::host_name_verification(url.host));
    beast::get_lowest_layer(stream).expires_after(timeout);
    co_await beast::get_lowest_layer(stream).async_connect(endpoints, use_awaitable);
    co_await stream.async_handshake(ssl::stream_base::client, use_awaitable);
    status = co_await exchange(stream, req);
  } else {
    beast::tcp_stream stream(executor);
    stream.expires_after(timeout);
    co_await stream.async_connect(endpoints, use_awaitable);
    status = co_await exchange(stream, req);
  }
  if (status >= 200 && status < 300) co_return SendOutcome{true, status, ""};
  if (status >= 300 && status < 400)
    co_return SendOutcome{false, status, "HTTP " + std::to_string(status) + " (redirects are not followed)"};
  co_return SendOutcome{false, status, "HTTP " + std::to_string(status)};
}

}  // namespace

SendOutcome send_webhook(const WebhookUrl& url, const WebhookAddressPolicy& policy, const WebhookMessage& message,
                         std::chrono::milliseconds timeout) {
  asio::io_context io;
  SendOutcome outcome;
  asio::co_spawn(io, attempt(url, policy, message, timeout), [&](std::exception_ptr error, SendOutcome result) {
    if (!error) {
      outcome = std::move(result);
      return;
    }
    try {
      std::rethrow_exception(error);
    } catch (const boost::system::system_error& e) {
      const bool timed_out = e.code() == beast::error::timeout;
      outcome = SendOutcome{false, std::nullopt, timed_out ? "timed out" : e.code().message()};
    } catch (const std::exception& e) {
      outcome = SendOutcome{false, std::nullopt, e.what()};
    }
  });
  // The resolver has no deadline of its own: the loop gives up after twice the timeout.
  io.run_for(timeout * 2);
  if (!io.stopped()) {
    io.stop();
    return SendOutcome{false, std::nullopt, "timed out"};
  }
  return outcome;
}

}  // namespace deeptrace::api
