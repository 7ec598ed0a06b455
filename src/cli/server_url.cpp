#include "cli/server_url.hpp"

#include <algorithm>
#include <cctype>

#include "cli/cli_error.hpp"

namespace deeptrace::cli {
namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string_view strip_scheme(std::string_view text) {
  size_t sep = text.find("://");
  if (sep == std::string_view::npos) return text;
  std::string scheme(text.substr(0, sep));
  std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return std::tolower(c); });
  if (scheme != "http") {
    throw usage_error("unsupported URL scheme '" + scheme + "' in '" + std::string(text) +
                      "': only http:// is supported (put a TLS proxy in front of the CLI's target if needed)");
  }
  return text.substr(sep + 3);
}

// Splits "host:port", "[v6]:port", "host" into the URL's host and port.
void parse_authority(std::string_view authority, std::string_view whole, ServerUrl& url) {
  auto bad = [&](const std::string& why) { return usage_error("invalid server URL '" + std::string(whole) + "': " + why); };
  std::string_view port;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) throw bad("unclosed '['");
    url.host = std::string(authority.substr(1, close - 1));
    std::string_view rest = authority.substr(close + 1);
    if (!rest.empty() && rest.front() != ':') throw bad("unexpected text after ']'");
    if (!rest.empty()) port = rest.substr(1);
  } else {
    size_t colon = authority.rfind(':');
    url.host = std::string(authority.substr(0, colon));
    if (colon != std::string_view::npos) port = authority.substr(colon + 1);
    if (url.host.find(':') != std::string::npos) throw bad("write IPv6 addresses in brackets");
  }
  if (url.host.empty()) throw bad("no host");
  if (!port.empty() || authority.find(':') != std::string_view::npos) {
    if (!all_digits(port) || port.size() > 5 || std::stoi(std::string(port)) > 65535) throw bad("bad port");
    url.port = std::string(port);
  }
}

}  // namespace

ServerUrl parse_server_url(std::string_view text) {
  std::string_view rest = strip_scheme(text);
  size_t slash = rest.find_first_of("/?#");
  ServerUrl url;
  parse_authority(rest.substr(0, slash), text, url);
  if (slash != std::string_view::npos) {
    if (rest.find_first_of("?#") != std::string_view::npos) {
      throw usage_error("invalid server URL '" + std::string(text) + "': no query or fragment allowed");
    }
    url.base_path = std::string(rest.substr(slash));
    while (!url.base_path.empty() && url.base_path.back() == '/') url.base_path.pop_back();
  }
  return url;
}

std::string ServerUrl::host_header() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return port == "80" ? h : h + ":" + port;
}

std::string ServerUrl::origin() const { return "http://" + host_header() + base_path; }

std::string ServerUrl::report_page(std::string_view job_id) const {
  return origin() + "/jobs/" + percent_encode(job_id);
}

std::string percent_encode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

}  // namespace deeptrace::cli
