#pragma once
// Where the API lives: parsed once from --url / DEEPTRACE_URL.
#include <string>
#include <string_view>

namespace deeptrace::cli {

struct ServerUrl {
  std::string host;       // without IPv6 brackets
  std::string port = "80";
  std::string base_path;  // "" or "/prefix" (no trailing slash)

  // "http://host:port/prefix" as given, normalised (for messages and links).
  std::string origin() const;
  // Request target for an API path such as "/api/v1/jobs".
  std::string target(std::string_view path) const { return base_path + std::string(path); }
  // The web UI's report page for a job.
  std::string report_page(std::string_view job_id) const;
  // Value of the Host header.
  std::string host_header() const;
};

// Accepts "http://host[:port][/path]" and "host[:port]"; throws
// CliError(Usage) for anything else (https is not supported).
ServerUrl parse_server_url(std::string_view text);

// Percent-encodes everything outside RFC 3986's unreserved set.
std::string percent_encode(std::string_view text);

}  // namespace deeptrace::cli
