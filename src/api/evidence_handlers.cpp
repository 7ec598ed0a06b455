// Evidence and model cards: GET /api/v1/jobs/{id}/artifacts/{name} serves a
// job's stored evidence (track thumbnails, the timeline) from the media
// store; GET /api/v1/jobs/{id}/media the upload itself, with byte ranges;
// GET /api/v1/models lists the detectors with their model cards.
#include <array>
#include <cctype>
#include <fstream>
#include <sstream>

#include "api/byte_range.hpp"
#include "api/handlers.hpp"
#include "api/model_catalog.hpp"

namespace deeptrace::api {
namespace {

// The artifact reference the worker recorded in the report, by name.
nlohmann::json find_artifact(const Job& job, const std::string& name) {
  if (job.result && job.result->contains("artifacts")) {
    for (const auto& ref : (*job.result)["artifacts"]) {
      if (ref.value("name", "") == name) return ref;
    }
  }
  throw Error(ErrorCode::ARTIFACT_NOT_FOUND, "job " + job.id + " has no artifact '" + name + "'");
}

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorCode::MEDIA_MISSING, "artifact file is missing from the media store");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

constexpr std::size_t kMediaChunkBytes = 256 * 1024;

// RFC 6266 / 8187: the stored (sanitised) name, percent-encoded as UTF-8.
std::string inline_disposition(const std::string& filename) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : filename) {
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return "inline; filename*=UTF-8''" + encoded;
}

awaitable<void> write_media_header(Exchange& ex, const Job& job, std::int64_t size, const std::optional<ByteRange>& range) {
  http::response<http::empty_body> res{range ? http::status::partial_content : http::status::ok, 11};
  res.set(http::field::content_type, job.media.content_type.empty() ? "application/octet-stream" : job.media.content_type);
  res.set(http::field::accept_ranges, "bytes");
  res.content_length(range ? range->length() : size);
  if (range)
    res.set(http::field::content_range,
            "bytes " + std::to_string(range->first) + "-" + std::to_string(range->last) + "/" + std::to_string(size));
  // Stored by content: the bytes behind this URL never change.
  res.set(http::field::cache_control, "private, max-age=86400, immutable");
  res.set(http::field::etag, "\"" + job.media.sha256 + "\"");
  res.set(http::field::content_disposition, inline_disposition(job.media.filename));
  res.set("X-Request-Id", ex.request_id);
  res.keep_alive(ex.keep_alive);
  add_security_headers(res);
  http::response_serializer<http::empty_body> serializer(res);
  co_await ex.conn.write_header(serializer);
}

}  // namespace

// Streams the upload (or one byte range of it, as <video> seeks) in chunks:
// a video can be a gigabyte, so it is never read whole into memory.
awaitable<void> handle_job_media(ServerContext& ctx, Exchange& ex) {
  Job job = owned_job(ctx, ex);
  std::filesystem::path file;
  co_await run_blocking(ctx.blocking, [&] { file = ctx.media.local_path(job.media.sha256); });  // GridFS: a download
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorCode::MEDIA_MISSING);
  const auto size = static_cast<std::int64_t>(std::filesystem::file_size(file));
  RangeRequest request = parse_range(ex.request()[http::field::range], size);
  if (request.unsatisfiable)
    throw Error(ErrorCode::RANGE_NOT_SATISFIABLE, "the file has " + std::to_string(size) + " bytes");
  ex.status = request.range ? 206 : 200;
  ex.streamed = true;
  ex.keep_alive = ex.keep_alive && ex.request().keep_alive() && !ctx.shutting_down;
  co_await write_media_header(ex, job, size, request.range);
  std::int64_t left = request.range ? request.range->length() : size;
  in.seekg(request.range ? request.range->first : 0);
  std::array<char, kMediaChunkBytes> chunk;
  while (left > 0 && in) {
    in.read(chunk.data(), static_cast<std::streamsize>(std::min<std::int64_t>(left, chunk.size())));
    const auto n = static_cast<std::int64_t>(in.gcount());
    if (n <= 0) break;
    co_await ex.conn.write_raw(std::string_view(chunk.data(), static_cast<std::size_t>(n)));
    left -= n;
  }
  // A file that shrank under us cannot honour its Content-Length: close.
  if (left > 0) ex.keep_alive = false;
}

awaitable<Response> handle_job_artifact(ServerContext& ctx, Exchange& ex) {
  co_return co_await artifact_response(ctx, owned_job(ctx, ex), ex.params.at("name"));
}

awaitable<Response> artifact_response(ServerContext& ctx, const Job& job, const std::string& name) {
  nlohmann::json ref = find_artifact(job, name);
  std::string sha256 = ref.value("sha256", "");
  if (!is_valid_sha256(sha256)) throw Error(ErrorCode::ARTIFACT_NOT_FOUND, "artifact reference is invalid");
  std::string bytes;
  co_await run_blocking(ctx.blocking, [&] { bytes = read_file(ctx.media.local_path(sha256)); });
  Response res = text_response(http::status::ok, std::move(bytes),
                               ref.value("content_type", "application/octet-stream"));
  // Content-addressed, so the bytes behind this URL never change.
  res.set(http::field::cache_control, "private, max-age=86400, immutable");
  res.set(http::field::etag, "\"" + sha256 + "\"");
  co_return res;
}

Response handle_models(ServerContext& ctx, Exchange&) {
  return json_response(http::status::ok, model_catalog_json(ctx.models));
}

}  // namespace deeptrace::api
