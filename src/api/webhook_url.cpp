#include "api/webhook_url.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>

#include "core/errors.hpp"

namespace deeptrace::api {
namespace {

namespace ip = boost::asio::ip;

constexpr std::size_t kMaxUrlLength = 2048;

[[noreturn]] void refuse(const std::string& why) { throw Error(ErrorCode::INVALID_REQUEST, "'url' " + why); }

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::vector<unsigned char> bytes_of(const ip::address& address) {
  if (address.is_v4()) {
    auto b = address.to_v4().to_bytes();
    return {b.begin(), b.end()};
  }
  auto b = address.to_v6().to_bytes();
  return {b.begin(), b.end()};
}

bool in_prefix(const std::vector<unsigned char>& address, const std::vector<unsigned char>& network, int prefix) {
  if (address.size() != network.size()) return false;
  for (int bit = 0; bit < prefix; ++bit) {
    int byte = bit / 8, shift = 7 - bit % 8;
    if (((address[byte] >> shift) & 1) != ((network[byte] >> shift) & 1)) return false;
  }
  return true;
}

struct Range {
  const char* network;
  int prefix;
};

// IANA special-purpose registries (RFC 6890 and successors): none of these
// is a public unicast destination.
constexpr std::array kNonPublicV4{
    Range{"0.0.0.0", 8},       Range{"10.0.0.0", 8},     Range{"100.64.0.0", 10},   Range{"127.0.0.0", 8},
    Range{"169.254.0.0", 16},  Range{"172.16.0.0", 12},  Range{"192.0.0.0", 24},    Range{"192.0.2.0", 24},
    Range{"192.88.99.0", 24},  Range{"192.168.0.0", 16}, Range{"198.18.0.0", 15},   Range{"198.51.100.0", 24},
    Range{"203.0.113.0", 24},  Range{"224.0.0.0", 4},    Range{"240.0.0.0", 4},
};
constexpr std::array kNonPublicV6{
    Range{"::", 96},       Range{"100::", 64},  Range{"2001::", 32}, Range{"2001:db8::", 32},
    Range{"fc00::", 7},    Range{"fe80::", 10}, Range{"fec0::", 10}, Range{"ff00::", 8},
};

bool in_any(const ip::address& address, const auto& ranges) {
  const auto bytes = bytes_of(address);
  for (const Range& range : ranges) {
    if (in_prefix(bytes, bytes_of(ip::make_address(range.network)), range.prefix)) return true;
  }
  return false;
}

// An IPv4 address carried inside an IPv6 one, where the IPv6 form only
// relays to it: mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96), 6to4 (2002::/16).
std::optional<ip::address_v4> embedded_v4(const ip::address_v6& v6) {
  auto b = v6.to_bytes();
  if (v6.is_v4_mapped()) return ip::make_address_v4(ip::v4_mapped, v6);
  const std::vector<unsigned char> bytes(b.begin(), b.end());
  if (in_prefix(bytes, bytes_of(ip::make_address("64:ff9b::")), 96))
    return ip::address_v4(ip::address_v4::bytes_type{b[12], b[13], b[14], b[15]});
  if (b[0] == 0x20 && b[1] == 0x02) return ip::address_v4(ip::address_v4::bytes_type{b[2], b[3], b[4], b[5]});
  return std::nullopt;
}

}  // namespace

WebhookUrl parse_webhook_url(std::string_view text) {
  if (text.empty() || text.size() > kMaxUrlLength) refuse("must be 1-2048 characters");
  for (unsigned char c : text)
    if (c <= 0x20 || c >= 0x7f) refuse("must be a URL without spaces or non-ASCII characters");
  WebhookUrl url;
  std::string_view rest;
  if (text.starts_with("https://")) {
    rest = text.substr(8);
  } else if (text.starts_with("http://")) {
    url.tls = false;
    rest = text.substr(7);
  } else {
    refuse("must start with https:// (or http:// for an allowlisted host)");
  }
  if (rest.find('#') != std::string_view::npos) refuse("must not have a fragment");
  std::size_t path_start = rest.find_first_of("/?");
  std::string_view authority = rest.substr(0, path_start);
  url.target = path_start == std::string_view::npos ? "/" : std::string(rest.substr(path_start));
  if (url.target.front() == '?') url.target.insert(0, "/");
  if (authority.find('@') != std::string_view::npos) refuse("must not carry credentials");
  std::string_view port;
  if (authority.starts_with("[")) {
    std::size_t close = authority.find(']');
    if (close == std::string_view::npos) refuse("has an unclosed IPv6 literal");
    url.host = lower(authority.substr(1, close - 1));
    std::string_view after = authority.substr(close + 1);
    if (!after.empty() && !after.starts_with(":")) refuse("has junk after its IPv6 literal");
    if (!after.empty()) port = after.substr(1);
  } else {
    std::size_t colon = authority.find(':');
    url.host = lower(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
  }
  // "example.com." names the same host: compare without the root label.
  if (url.host.size() > 1 && url.host.back() == '.') url.host.pop_back();
  if (url.host.empty() || url.host == ".") refuse("has no host");
  // Resolvers read "0x7f000001", "2130706433" or "127.1" as addresses; a
  // name never ends in a numeric label, so only canonical literals pass.
  boost::system::error_code not_literal;
  ip::make_address(url.host, not_literal);
  const std::string last_label = url.host.substr(url.host.rfind('.') + 1);
  const bool numeric_label = last_label.starts_with("0x") ||
                             std::all_of(last_label.begin(), last_label.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (not_literal && numeric_label) refuse("must name a host or give a plain IP address");
  if (port.empty()) {
    url.port = url.tls ? "443" : "80";
  } else {
    if (port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoi(std::string(port)) < 1 || std::stoi(std::string(port)) > 65535)
      refuse("has a bad port");
    url.port = std::string(port);
  }
  return url;
}

bool is_public_address(const ip::address& address) {
  if (address.is_v4()) return !in_any(address, kNonPublicV4);
  const ip::address_v6 v6 = address.to_v6();
  if (auto v4 = embedded_v4(v6)) return is_public_address(ip::address(*v4));
  return !in_any(address, kNonPublicV6);
}

WebhookAddressPolicy::WebhookAddressPolicy(const std::vector<std::string>& allowed) {
  for (const std::string& raw : allowed) {
    std::string entry = lower(raw);
    if (entry.empty()) continue;
    std::size_t slash = entry.find('/');
    boost::system::error_code ec;
    ip::address address = ip::make_address(entry.substr(0, slash), ec);
    if (ec) {
      if (slash != std::string::npos) throw std::invalid_argument("bad CIDR in the webhook allowlist: " + raw);
      hosts_.push_back(entry);
      continue;
    }
    Network network{bytes_of(address), address.is_v4() ? 32 : 128};
    if (slash != std::string::npos) {
      const std::string prefix = entry.substr(slash + 1);
      if (prefix.empty() || prefix.size() > 3 || !std::all_of(prefix.begin(), prefix.end(), ::isdigit) ||
          std::stoi(prefix) > network.prefix)
        throw std::invalid_argument("bad CIDR prefix in the webhook allowlist: " + raw);
      network.prefix = std::stoi(prefix);
    }
    networks_.push_back(std::move(network));
  }
}

bool WebhookAddressPolicy::host_allowed(const std::string& host) const {
  return std::find(hosts_.begin(), hosts_.end(), host) != hosts_.end();
}

bool WebhookAddressPolicy::network_allowed(const ip::address& address) const {
  const auto bytes = bytes_of(address);
  return std::any_of(networks_.begin(), networks_.end(),
                     [&](const Network& n) { return in_prefix(bytes, n.bytes, n.prefix); });
}

void WebhookAddressPolicy::check_url(const WebhookUrl& url) const {
  boost::system::error_code ec;
  ip::address literal = ip::make_address(url.host, ec);
  const bool allowlisted = host_allowed(url.host) || (!ec && network_allowed(literal));
  if (allowlisted) return;
  if (!url.tls) refuse("must use https:// (http:// only for hosts on the operator's allowlist)");
  if (url.host == "localhost" || url.host.ends_with(".localhost"))
    refuse("must not point at this server (localhost)");
  if (!ec && !is_public_address(literal)) refuse("must point at a public address, not " + url.host);
}

bool WebhookAddressPolicy::permits(const WebhookUrl& url, const ip::address& address) const {
  if (host_allowed(url.host) || network_allowed(address)) return true;
  return is_public_address(address);
}

}  // namespace deeptrace::api
