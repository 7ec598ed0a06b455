// GET /api/v1/jobs/{id}/events: Server-Sent Events fed by the shared poller.
#include "api/handlers.hpp"
#include "core/log.hpp"

namespace deeptrace::api {
namespace {

std::string sse_event(std::string_view name, const nlohmann::json& job) {
  return "event: " + std::string(name) + "\ndata: " + job.dump() + "\n\n";
}

std::string sse_event(std::string_view name, const Job& job) { return sse_event(name, job_json_with_links(job)); }

bool progress_changed(const Progress& a, const Progress& b) {
  return a.stage != b.stage || a.done != b.done || a.total != b.total;
}

awaitable<void> write_stream_header(Exchange& ex) {
  http::response<http::empty_body> res{http::status::ok, 11};
  res.set(http::field::content_type, "text/event-stream");
  res.set(http::field::cache_control, "no-cache");
  res.set(http::field::connection, "close");
  res.set("X-Request-Id", ex.request_id);
  res.set("X-Accel-Buffering", "no");
  add_security_headers(res);
  http::response_serializer<http::empty_body> serializer(res);
  co_await ex.conn.write_header(serializer);
}

}  // namespace

awaitable<void> handle_job_events(ServerContext& ctx, Exchange& ex) {
  const std::string& id = ex.params.at("id");
  ex.job_id = id;
  // Subscribe before reading the current state so no change falls between.
  auto sub = ctx.hub.subscribe(id, ex.conn.executor());
  std::optional<Job> current = ctx.jobs.get(id);
  if (!current || current->owner != ex.user->id) throw Error(ErrorCode::JOB_NOT_FOUND, "no job with id " + id);
  ex.status = 200;
  ex.streamed = true;
  ex.keep_alive = false;
  co_await write_stream_header(ex);
  co_await ex.conn.write_raw(sse_event("status", job_json_for_owner(ctx, *current)));
  Job last = *current;
  auto keepalive = std::chrono::seconds(ctx.config.sse_keepalive_s);
  while (!is_terminal(last.status) && !sub->closed()) {
    co_await sub->wait(keepalive);
    std::deque<Job> changes = sub->take();
    if (changes.empty() && !sub->closed()) co_await ex.conn.write_raw(": keep-alive\n\n");
    for (const Job& job : changes) {
      if (job.updated_at < last.updated_at || is_terminal(last.status)) continue;
      if (job.status != last.status) {
        co_await ex.conn.write_raw(sse_event("status", job));
      } else if (progress_changed(job.progress, last.progress)) {
        co_await ex.conn.write_raw(sse_event("progress", job));
      }
      last = job;
    }
  }
}

}  // namespace deeptrace::api
