#pragma once
// Where webhooks may be sent. A webhook URL is chosen by a user but fetched
// by the server, so it must not reach what only the server can reach
// (server-side request forgery): by default only public addresses are
// targets, checked again on every delivery after DNS resolution, and the
// sender connects to the checked address itself (no second lookup to
// rebind). An operator allowlist (DEEPTRACE_WEBHOOK_ALLOWED_HOSTS: host names
// or CIDRs) admits chosen private targets; plain http:// is accepted only
// for allowlisted hosts.
#include <boost/asio/ip/address.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace deeptrace::api {

struct WebhookUrl {
  bool tls = true;
  std::string host;  // lowercase; an IPv6 literal without brackets
  std::string port;
  std::string target;  // path and query, at least "/"
};

// Throws Error(INVALID_REQUEST) saying what is wrong.
WebhookUrl parse_webhook_url(std::string_view text);

// Unicast addresses on the public Internet: not loopback, private, link-local
// (the cloud metadata services), shared, documentation, multicast or reserved
// ranges, also when wrapped in an IPv6 form (mapped, NAT64, 6to4).
bool is_public_address(const boost::asio::ip::address& address);

class WebhookAddressPolicy {
 public:
  // Entries are host names or CIDRs ("127.0.0.1/32", "10.0.0.0/8", "::1/128");
  // a bare IP is a /32 or /128. Throws std::invalid_argument for a bad entry.
  explicit WebhookAddressPolicy(const std::vector<std::string>& allowed = {});

  // At registration: throws Error(INVALID_REQUEST) for http:// to a host not
  // on the allowlist, or a literal address that may not be a target.
  void check_url(const WebhookUrl& url) const;
  // At delivery, for each address the host resolved to.
  bool permits(const WebhookUrl& url, const boost::asio::ip::address& address) const;

 private:
  struct Network {
    std::vector<unsigned char> bytes;  // 4 or 16
    int prefix = 0;
  };
  bool host_allowed(const std::string& host) const;
  bool network_allowed(const boost::asio::ip::address& address) const;

  std::vector<std::string> hosts_;
  std::vector<Network> networks_;
};

}  // namespace deeptrace::api
