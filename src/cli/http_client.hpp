#pragma once
// A small synchronous client for the DeepTrace API (Boost.Beast underneath,
// kept out of this header). One TCP connection per request: the CLI makes a
// handful of requests, and event streams end with the connection anyway.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "cli/server_url.hpp"

namespace deeptrace::cli {

using Json = nlohmann::json;

// Called after each chunk of an upload is written: bytes sent so far, total.
using UploadProgressFn = std::function<void(std::int64_t sent, std::int64_t total)>;

struct UploadRequest {
  std::filesystem::path file;
  std::optional<int> frames;
};

// The raw body of GET /api/v1/jobs/{id}/events, read chunk by chunk.
class EventStream {
 public:
  struct Impl;
  explicit EventStream(std::unique_ptr<Impl> impl);
  EventStream(EventStream&&) noexcept;
  ~EventStream();
  // The next bytes of the stream, or nullopt once the server closed it.
  std::optional<std::string> read_some();

 private:
  std::unique_ptr<Impl> impl_;
};

class ApiClient {
 public:
  ApiClient(ServerUrl url, std::string key) : url_(std::move(url)), key_(std::move(key)) {}

  const ServerUrl& url() const { return url_; }
  const std::string& key() const { return key_; }

  // JSON requests; a non-2xx answer throws CliError(Rejected) with the
  // server's error code, a transport failure CliError(Network).
  Json get(std::string_view path) const;
  Json post(std::string_view path) const;
  Json post(std::string_view path, const Json& body) const;  // with a JSON body
  Json patch(std::string_view path, const Json& body) const;  // PATCH with a JSON body
  Json remove(std::string_view path) const;                  // DELETE

  // POST /api/v1/jobs, streaming the file from disk (defined in upload.cpp).
  Json upload(const UploadRequest& request, const UploadProgressFn& on_progress) const;

  // GET /api/v1/jobs/{id}/events (defined in event_stream.cpp).
  EventStream events(std::string_view job_id) const;

 private:
  Json send(std::string_view method, std::string_view path, const Json* body = nullptr) const;

  ServerUrl url_;
  std::string key_;
};

// Decodes a response body: the JSON document for 2xx, else throws the
// server's {"error":{"code","message"}} as CliError(Rejected).
Json decode_response(int status, std::string_view body);

}  // namespace deeptrace::cli
