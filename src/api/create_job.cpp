// POST /api/v1/jobs: stream the body to a temp file, validate the options
// and the media off the I/O threads, store it by hash and create the job.
#include <array>

#include "api/filename.hpp"
#include "api/handlers.hpp"
#include "api/job_options.hpp"
#include "api/model_catalog.hpp"
#include "api/quotas.hpp"
#include "api/upload_sink.hpp"
#include "core/log.hpp"
#include "core/time.hpp"
#include "media/probe.hpp"

namespace deeptrace::api {
namespace {

constexpr std::size_t kChunkBytes = 64 * 1024;
constexpr std::size_t kMaxIdempotencyKey = 200;

// Audio-only files (a voice message, a podcast) are jobs with audio
// evidence only, so a raw body may be audio/* too.
bool is_raw_media_type(std::string_view type) {
  std::string_view base = type.substr(0, type.find(';'));
  while (!base.empty() && base.back() == ' ') base.remove_suffix(1);
  return base.rfind("video/", 0) == 0 || base.rfind("audio/", 0) == 0 || base == "application/octet-stream";
}

// Multipart boundary, or nullopt for a raw media body; throws for other types.
std::optional<std::string> body_kind(const http::request<http::buffer_body>& req) {
  std::string_view type = req[http::field::content_type];
  if (auto boundary = multipart_boundary(type)) return boundary;
  if (is_raw_media_type(type)) return std::nullopt;
  throw Error(ErrorCode::UNSUPPORTED_MEDIA,
              "Content-Type must be multipart/form-data, video/*, audio/* or application/octet-stream");
}

void reject_announced_oversize(const ServerContext& ctx, const Exchange& ex, bool multipart) {
  auto length = ex.parser.content_length();
  if (!length) return;
  std::int64_t limit = ctx.config.max_upload_bytes + (multipart ? UploadSink::kMultipartOverhead : 0);
  if (static_cast<std::int64_t>(*length) > limit) {
    throw Error(ErrorCode::MEDIA_TOO_LARGE, "Content-Length exceeds the limit of " +
                                                std::to_string(ctx.config.max_upload_bytes) + " bytes");
  }
}

// The file's size as far as the headers tell, before the body arrives (a
// multipart body's framing is not counted).
std::int64_t announced_file_bytes(const Exchange& ex, bool multipart) {
  auto length = ex.parser.content_length();
  if (!length) return 0;
  auto bytes = static_cast<std::int64_t>(*length) - (multipart ? UploadSink::kMultipartOverhead : 0);
  return std::max<std::int64_t>(bytes, 0);
}

std::optional<std::string> raw_filename(const http::request<http::buffer_body>& req) {
  std::string_view header = req["X-Filename"];
  if (!header.empty()) return percent_decode(header);
  std::string_view disposition = req[http::field::content_disposition];
  size_t at = disposition.find("filename=");
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view value = disposition.substr(at + 9);
  value = value.substr(0, value.find(';'));
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
  return std::string(value);
}

// Options come from multipart fields, falling back to the query string.
// Detector names are checked against the model catalogue here, so a job no
// worker could run is refused now rather than failed later.
void read_options(const ServerContext& ctx, const std::map<std::string, std::string>& fields,
                  const std::map<std::string, std::string>& query, NewJob& job) {
  apply_options(fields, query, job.options, job.priority);
  require_available_detectors(ctx.models, job.options.detectors);
}

std::optional<std::string> idempotency_key(const http::request<http::buffer_body>& req) {
  std::string_view key = req["Idempotency-Key"];
  if (key.empty()) return std::nullopt;
  bool printable = std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7F; });
  if (key.size() > kMaxIdempotencyKey || !printable) {
    throw Error(ErrorCode::INVALID_REQUEST, "Idempotency-Key must be 1-200 printable ASCII characters");
  }
  return std::string(key);
}

awaitable<UploadedFile> stream_body(ServerContext& ctx, Exchange& ex, UploadSink& sink) {
  if (ex.request()[http::field::expect] == "100-continue") {
    co_await ex.conn.write_raw("HTTP/1.1 100 Continue\r\n\r\n");
  }
  std::array<char, kChunkBytes> chunk;
  for (;;) {
    std::size_t n = co_await ex.conn.read_body_some(ex.parser, chunk.data(), chunk.size(), ex.idle_timeout(ctx.config));
    if (n > 0) sink.write(std::string_view(chunk.data(), n));
    if (ex.parser.is_done()) break;
  }
  co_return sink.finish();
}

Response accepted(ServerContext& ctx, const CreateResult& created) {
  Response res = json_response(created.created ? http::status::accepted : http::status::ok,
                               job_json_for_owner(ctx, created.job));
  res.set(http::field::location, "/api/v1/jobs/" + created.job.id);
  return res;
}

}  // namespace

// 429 when one more upload of `incoming_bytes` would pass one of the user's
// quotas. Checked before the body is read (with the announced length, so a
// refused client does not send the file first) and again with the real size.
void enforce_quotas(ServerContext& ctx, const Exchange& ex, std::int64_t incoming_bytes) {
  EffectiveLimits limits = effective_limits(ctx.config, ex.user->limits);
  const TimeMs now = now_ms();
  auto refusal = check_upload(limits, read_usage(ctx.jobs, ex.user->id, limits, now), incoming_bytes, now);
  if (!refusal) return;
  ctx.metrics.count_quota_refusal(refusal->limit, ex.user->id);
  log::info("upload refused by quota", {{"request_id", ex.request_id}, {"user", ex.user->name},
                                        {"limit", limit_name(refusal->limit)}, {"retry_after_s", refusal->retry_after_s}});
  throw refusal_error(*refusal);
}

awaitable<Response> handle_create_job(ServerContext& ctx, Exchange& ex) {
  const auto& req = ex.request();
  NewJob job;
  job.owner = ex.user->id;
  job.idempotency_key = idempotency_key(req);
  std::optional<std::string> boundary = body_kind(req);
  reject_announced_oversize(ctx, ex, boundary.has_value());
  if (ex.parser.is_done()) throw Error(ErrorCode::EMPTY_BODY);
  co_await run_blocking(ctx.blocking, [&] { enforce_quotas(ctx, ex, announced_file_bytes(ex, boundary.has_value())); });

  TempFile temp(ctx.media.temp_path());
  // Claimed before the file exists and until put() has moved it: the sweep
  // of stale temp files leaves it alone however long the client dawdles.
  ActiveUploads::Claim in_progress = ctx.uploads.track(temp.path());
  UploadSink sink(temp.path(), ctx.config.max_upload_bytes, boundary);
  UploadedFile upload = co_await stream_body(ctx, ex, sink);
  read_options(ctx, upload.fields, ex.target.query, job);
  if (!boundary) upload.filename = raw_filename(req);

  job.media.sha256 = upload.sha256;
  job.media.size = upload.size;
  job.media.filename = sanitize_filename(upload.filename.value_or(std::string(kDefaultFilename)));
  media::ProbeLimits limits{ctx.config.max_duration_s, ctx.config.max_pixels};
  // Its own pool: a slow probe must not hold up store calls on ctx.blocking.
  co_await run_blocking(ctx.probing, [&] {
    job.media.content_type = media::sniff_media_type(temp.path());
    media::probe_media(temp.path(), limits, job.media);
  });
  CreateResult created;
  Response res;
  co_await run_blocking(ctx.blocking, [&] {
    enforce_quotas(ctx, ex, upload.size);
    {
      std::shared_lock references(ctx.blob_references);  // no delete removes the blob before the job refers to it
      ctx.media.put(temp.path(), upload.sha256);
      temp.release();
      created = ctx.jobs.create(job);
    }
    res = accepted(ctx, created);
  });
  ex.job_id = created.job.id;
  log::info(created.created ? "job created" : "idempotent replay",
            {{"request_id", ex.request_id}, {"job_id", created.job.id}, {"sha256", upload.sha256},
             {"size", upload.size}, {"codec", job.media.codec}});
  co_return res;
}

}  // namespace deeptrace::api
