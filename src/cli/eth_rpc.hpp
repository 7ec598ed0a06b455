#pragma once
// A minimal Ethereum JSON-RPC client for read-only calls (eth_chainId,
// eth_call) over http:// or https:// (public testnet endpoints are TLS).
#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace deeptrace::cli {

struct RpcUrl {
  bool tls = false;
  std::string host;
  std::string port;
  std::string target = "/";
};

// "http(s)://host[:port][/path]"; throws CliError(Usage) otherwise.
RpcUrl parse_rpc_url(std::string_view text);

class EthRpc {
 public:
  explicit EthRpc(RpcUrl url) : url_(std::move(url)) {}
  std::int64_t chain_id() const;
  // The raw return data of a read-only call at the latest block.
  std::string call(const std::string& to, const std::string& data) const;

 private:
  // Throws CliError(Network) on transport failures and CliError(Rejected)
  // with code RPC_ERROR when the node answers with an error.
  nlohmann::json request(std::string_view method, const nlohmann::json& params) const;

  RpcUrl url_;
};

}  // namespace deeptrace::cli
