#pragma once
// Boost.Beast plumbing shared by the client's .cpp files (private header).
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "cli/cli_error.hpp"
#include "cli/http_client.hpp"

namespace deeptrace::cli::io {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

// Responses hold whole job lists; well above any real page, far below harm.
constexpr std::uint64_t kMaxResponseBytes = 64u << 20;

struct Connection {
  net::io_context io;
  beast::tcp_stream stream{io};
  beast::flat_buffer buffer;
};

// Resolves and connects; throws boost::system::system_error.
std::unique_ptr<Connection> connect(const ServerUrl& url);

// Method, target, Host, User-Agent and the bearer key.
void set_common_fields(http::fields& fields, const ApiClient& client);

// Reads one whole response (string body, size-limited).
http::response<http::string_body> read_response(Connection& conn);

// Runs fn, turning transport failures into CliError(Network) that name the
// server, so "server down" reads as such and not as a Boost message.
template <class Fn>
auto guard_network(const ServerUrl& url, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const boost::system::system_error& e) {
    std::string hint = e.code() == net::error::connection_refused ? " (is deeptrace-api running there?)" : "";
    throw network_error("cannot talk to " + url.origin() + ": " + e.code().message() + hint);
  }
}

}  // namespace deeptrace::cli::io
