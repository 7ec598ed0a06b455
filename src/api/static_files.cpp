// Optional static web UI (--web-dir): files with their content types and
// cache headers; unknown non-API paths fall back to index.html so a
// single-page app can route on the client.
#include <fstream>
#include <sstream>

#include "api/handlers.hpp"

namespace deeptrace::api {
namespace {

namespace fs = std::filesystem;
constexpr std::uintmax_t kMaxStaticFile = 32u << 20;

std::string content_type_for(const fs::path& file) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
      {".jpg", "image/jpeg"}, {".jpeg", "image/jpeg"}, {".ico", "image/x-icon"},
      {".webp", "image/webp"}, {".woff2", "font/woff2"}, {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"}, {".wasm", "application/wasm"}};
  auto it = types.find(file.extension().string());
  return it == types.end() ? "application/octet-stream" : it->second;
}

// Resolves a URL path inside root, refusing anything that escapes it.
std::optional<fs::path> resolve(const fs::path& root, const std::string& url_path) {
  if (url_path.find("..") != std::string::npos || url_path.find('\0') != std::string::npos) return std::nullopt;
  fs::path candidate = root / fs::path(url_path).relative_path();
  std::error_code ec;
  if (fs::is_directory(candidate, ec)) candidate /= "index.html";
  if (!fs::is_regular_file(candidate, ec)) return std::nullopt;
  fs::path real = fs::canonical(candidate, ec);
  if (ec) return std::nullopt;
  auto rel = real.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") return std::nullopt;
  return real;
}

std::string etag_for(const fs::path& file) {
  std::error_code ec;
  auto size = fs::file_size(file, ec);
  auto mtime = fs::last_write_time(file, ec).time_since_epoch().count();
  std::ostringstream tag;
  tag << '"' << std::hex << size << '-' << mtime << '"';
  return tag.str();
}

// Also on 304: a browser may refresh the cached response's headers from it.
void set_cache_and_policy(Response& res, const std::string& etag, const std::string& cache) {
  res.set(http::field::etag, etag);
  res.set(http::field::cache_control, cache);
  res.set("Content-Security-Policy", kWebUiContentSecurityPolicy);
}

Response file_response(const fs::path& file, const std::string& if_none_match, bool is_index) {
  std::string etag = etag_for(file);
  // index.html must revalidate so new deployments show; hashed assets may be cached.
  std::string cache = is_index ? "no-cache" : "public, max-age=3600";
  if (if_none_match == etag) {
    Response res{http::status::not_modified, 11};
    set_cache_and_policy(res, etag, cache);
    return res;
  }
  std::error_code ec;
  if (fs::file_size(file, ec) > kMaxStaticFile) throw Error(ErrorCode::INTERNAL, "static file too large");
  std::ifstream in(file, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  Response res = text_response(http::status::ok, body.str(), content_type_for(file));
  set_cache_and_policy(res, etag, cache);
  return res;
}

}  // namespace

Response serve_static(const ServerContext& ctx, const Exchange& ex) {
  const std::string& path = ex.target.path;
  bool api_path = path.rfind("/api/", 0) == 0 || path == "/api";
  if (!ctx.config.web_dir || api_path) throw Error(ErrorCode::ROUTE_NOT_FOUND, "no route for " + path);
  const auto method = ex.request().method();
  if (method != http::verb::get && method != http::verb::head) throw Error(ErrorCode::METHOD_NOT_ALLOWED);
  std::string if_none_match(ex.request()[http::field::if_none_match]);
  const fs::path& root = *ctx.config.web_dir;
  if (auto file = resolve(root, path)) return file_response(*file, if_none_match, file->filename() == "index.html");
  fs::path index = root / "index.html";
  if (!fs::is_regular_file(index)) throw Error(ErrorCode::ROUTE_NOT_FOUND, "no route for " + path);
  return file_response(index, if_none_match, true);
}

}  // namespace deeptrace::api
