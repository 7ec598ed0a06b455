#include "cli/eth_rpc.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include "cli/cli_error.hpp"

namespace deeptrace::cli {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

constexpr std::uint64_t kMaxRpcResponseBytes = 8u << 20;

http::request<http::string_body> rpc_request(const RpcUrl& url, const std::string& body) {
  http::request<http::string_body> req{http::verb::post, url.target, 11};
  req.set(http::field::host, url.host);
  req.set(http::field::content_type, "application/json");
  req.set(http::field::user_agent, "deeptrace-cli/" DEEPTRACE_VERSION);
  req.body() = body;
  req.prepare_payload();
  return req;
}

template <class Stream>
std::string exchange(Stream& stream, const http::request<http::string_body>& req) {
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxRpcResponseBytes);
  http::read(stream, buffer, parser);
  return parser.get().body();
}

std::string post_plain(const RpcUrl& url, const http::request<http::string_body>& req) {
  net::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(tcp::resolver(io).resolve(url.host, url.port));
  return exchange(stream, req);
}

// Verifies the server's certificate against the system store and its name.
std::string post_tls(const RpcUrl& url, const http::request<http::string_body>& req) {
  net::io_context io;
  ssl::context tls(ssl::context::tls_client);
  tls.set_default_verify_paths();
  tls.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> stream(io, tls);
  if (!SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str())) {
    throw network_error("cannot set TLS server name for " + url.host);
  }
  stream.set_verify_callback(ssl::host_name_verification(url.host));
  beast::get_lowest_layer(stream).connect(tcp::resolver(io).resolve(url.host, url.port));
  stream.handshake(ssl::stream_base::client);
  return exchange(stream, req);
}

}  // namespace

RpcUrl parse_rpc_url(std::string_view text) {
  RpcUrl url;
  size_t scheme_end = text.find("://");
  std::string_view scheme = scheme_end == std::string_view::npos ? "" : text.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") throw usage_error("the RPC URL must start with http:// or https://");
  url.tls = scheme == "https";
  std::string_view rest = text.substr(scheme_end + 3);
  size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos) url.target = std::string(rest.substr(slash));
  size_t colon = authority.rfind(':');
  url.host = std::string(authority.substr(0, colon));
  url.port = colon == std::string_view::npos ? (url.tls ? "443" : "80") : std::string(authority.substr(colon + 1));
  if (url.host.empty() || url.port.empty()) throw usage_error("the RPC URL has no host");
  return url;
}

nlohmann::json EthRpc::request(std::string_view method, const nlohmann::json& params) const {
  nlohmann::json body = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}};
  std::string text;
  try {
    auto req = rpc_request(url_, body.dump());
    text = url_.tls ? post_tls(url_, req) : post_plain(url_, req);
  } catch (const boost::system::system_error& e) {
    throw network_error("cannot reach the chain node at " + url_.host + ":" + url_.port + ": " + e.code().message());
  }
  nlohmann::json answer = nlohmann::json::parse(text, nullptr, false);
  if (answer.is_discarded() || !answer.is_object()) throw rejected("RPC_ERROR", "the chain node's answer is not JSON-RPC");
  if (answer.contains("error")) {
    throw rejected("RPC_ERROR", "the chain node refused " + std::string(method) + ": " +
                                    answer["error"].value("message", answer["error"].dump()));
  }
  return answer.value("result", nlohmann::json());
}

std::int64_t EthRpc::chain_id() const {
  nlohmann::json id = request("eth_chainId", nlohmann::json::array());
  if (!id.is_string()) throw rejected("RPC_ERROR", "eth_chainId returned no quantity");
  return std::stoll(id.get<std::string>(), nullptr, 16);
}

std::string EthRpc::call(const std::string& to, const std::string& data) const {
  nlohmann::json result = request("eth_call", {{{"to", to}, {"data", data}}, "latest"});
  if (!result.is_string()) throw rejected("RPC_ERROR", "eth_call returned no data");
  return result.get<std::string>();
}

}  // namespace deeptrace::cli
