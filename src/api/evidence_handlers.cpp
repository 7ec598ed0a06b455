// Evidence and model cards: GET /api/v1/jobs/{id}/artifacts/{name} serves a
// job's stored evidence (track thumbnails, the timeline) from the media
// store; GET /api/v1/models lists the detectors with their model cards.
#include <fstream>
#include <sstream>

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

}  // namespace

awaitable<Response> handle_job_artifact(ServerContext& ctx, Exchange& ex) {
  Job job = owned_job(ctx, ex);
  nlohmann::json ref = find_artifact(job, ex.params.at("name"));
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
