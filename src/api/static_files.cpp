// Optional static web UI (--web-dir): files with their content types and
// cache headers; unknown non-API paths fall back to index.html so a
// single-page app can route on the client. The build writes gzip and Brotli
// copies next to text files (web/scripts/compress.mjs); a browser that
// accepts one gets it. Files under assets/ have content hashes in their
// names, so they are cached for a year; index.html revalidates.
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>
#include <utility>

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
  res.set(http::field::vary, "Accept-Encoding");
  res.set("Content-Security-Policy", kWebUiContentSecurityPolicy);
}

// index.html must revalidate so that a new deployment shows at once; files
// under assets/ are named by their content (vite), so they never change.
std::string cache_control_for(const fs::path& root, const fs::path& file, bool is_index) {
  if (is_index) return "no-cache";
  fs::path relative = file.lexically_relative(root);
  if (!relative.empty() && *relative.begin() == "assets") return "public, max-age=31536000, immutable";
  return "public, max-age=3600";
}

// Whether an Accept-Encoding header lists `coding` with a non-zero quality.
bool accepts(std::string_view accept_encoding, std::string_view coding) {
  size_t at = 0;
  while (at < accept_encoding.size()) {
    size_t end = accept_encoding.find(',', at);
    std::string_view item = accept_encoding.substr(at, end == std::string_view::npos ? std::string_view::npos : end - at);
    at = end == std::string_view::npos ? accept_encoding.size() : end + 1;
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    size_t semicolon = item.find(';');
    std::string_view name = item.substr(0, semicolon);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name != coding) continue;
    if (semicolon == std::string_view::npos) return true;
    std::string_view params = item.substr(semicolon + 1);
    size_t q = params.find("q=");
    return q == std::string_view::npos || std::strtod(std::string(params.substr(q + 2)).c_str(), nullptr) > 0;
  }
  return false;
}

// The precompressed copy to send, if the build wrote one the client accepts:
// {file, content coding}; Brotli first, it is smaller.
std::pair<fs::path, std::string> encoded_copy(const fs::path& file, std::string_view accept_encoding) {
  std::error_code ec;
  for (const auto& [suffix, coding] : {std::pair{".br", "br"}, std::pair{".gz", "gzip"}}) {
    fs::path copy = file;
    copy += suffix;
    if (accepts(accept_encoding, coding) && fs::is_regular_file(copy, ec)) return {copy, coding};
  }
  return {file, ""};
}

Response file_response(const fs::path& root, const fs::path& file, const Exchange& ex, bool is_index) {
  auto [sent, coding] = encoded_copy(file, ex.request()[http::field::accept_encoding]);
  // Each encoding is a representation of its own, with its own tag.
  std::string etag = etag_for(file);
  if (!coding.empty()) etag.insert(etag.size() - 1, "-" + coding);
  std::string cache = cache_control_for(root, file, is_index);
  if (std::string_view(ex.request()[http::field::if_none_match]) == etag) {
    Response res{http::status::not_modified, 11};
    set_cache_and_policy(res, etag, cache);
    return res;
  }
  std::error_code ec;
  if (fs::file_size(sent, ec) > kMaxStaticFile) throw Error(ErrorCode::INTERNAL, "static file too large");
  std::ifstream in(sent, std::ios::binary);
  std::ostringstream body;
  body << in.rdbuf();
  Response res = text_response(http::status::ok, body.str(), content_type_for(file));
  set_cache_and_policy(res, etag, cache);
  if (!coding.empty()) res.set(http::field::content_encoding, coding);
  return res;
}

}  // namespace

Response serve_static(const ServerContext& ctx, const Exchange& ex) {
  const std::string& path = ex.target.path;
  bool api_path = path.rfind("/api/", 0) == 0 || path == "/api";
  if (!ctx.config.web_dir || api_path) throw Error(ErrorCode::ROUTE_NOT_FOUND, "no route for " + path);
  const auto method = ex.request().method();
  if (method != http::verb::get && method != http::verb::head) throw Error(ErrorCode::METHOD_NOT_ALLOWED);
  const fs::path& root = *ctx.config.web_dir;
  if (auto file = resolve(root, path)) return file_response(root, *file, ex, file->filename() == "index.html");
  fs::path index = root / "index.html";
  if (!fs::is_regular_file(index)) throw Error(ErrorCode::ROUTE_NOT_FOUND, "no route for " + path);
  return file_response(root, index, ex, true);
}

}  // namespace deeptrace::api
