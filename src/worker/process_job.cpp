// Worker::process: runs one claimed job and records its outcome, fenced by
// the lease token. Kept apart from the polling loop in worker.cpp.
#include <filesystem>
#include <fstream>

#include "core/log.hpp"
#include "core/sha256.hpp"
#include "worker/job_run.hpp"
#include "worker/worker.hpp"

namespace deeptrace::worker {
namespace {

Json job_fields(const Job& job) { return {{"job_id", job.id}, {"attempt", job.attempts}}; }

void log_lease_check(LeaseCheck check, const Job& job, std::string_view action) {
  if (check == LeaseCheck::Lost) {
    log::warn("lease lost; result discarded", {{"job_id", job.id}, {"action", action}});
  }
}

// What to do when the processor stopped because a flag was raised.
void settle_interrupted(JobStore& jobs, JobRun& run, const Job& job, StopReason reason) {
  const std::string& lease = job.lease->id;
  switch (reason) {
    case StopReason::Cancelled:
      log_lease_check(run.while_leased([&] { return jobs.acknowledge_cancel(job.id, lease); }), job, "cancel");
      log::info("job cancelled", job_fields(job));
      break;
    case StopReason::Shutdown:
      log_lease_check(run.while_leased([&] { return jobs.release(job.id, lease); }), job, "release");
      log::info("job released for shutdown", job_fields(job));
      break;
    case StopReason::LeaseLost:
    case StopReason::None:
      log::warn("job abandoned: lease lost", job_fields(job));
      break;
  }
}

void record_failure(JobStore& jobs, JobRun& run, const Job& job, const JobError& error,
                    const BackoffPolicy& backoff) {
  Json fields = job_fields(job);
  fields.update({{"code", code_name(error.code)}, {"error", error.message},
                 {"retryable", error.retryable}});
  log::warn("job failed", fields);
  log_lease_check(run.while_leased([&] { return jobs.fail(job.id, job.lease->id, error, backoff); }), job, "fail");
}

// Evidence (thumbnails, timeline) goes into the media store beside the
// upload, content-addressed, so the API can serve it from any backend.
Json store_artifact(MediaStore& media, const detect::ArtifactData& artifact) {
  std::string sha256 = sha256_hex(artifact.bytes);
  if (!media.contains(sha256)) {
    auto temp = media.temp_path();
    std::ofstream(temp, std::ios::binary).write(artifact.bytes.data(), static_cast<std::streamsize>(artifact.bytes.size()));
    media.put(temp, sha256);
  }
  return {{"name", artifact.name}, {"sha256", sha256}, {"size", artifact.bytes.size()},
          {"content_type", artifact.content_type}};
}

std::filesystem::path fetch_media(MediaStore& media, const Job& job) {
  if (!media.contains(job.media.sha256)) throw Error(ErrorCode::MEDIA_MISSING);
  return media.local_path(job.media.sha256);
}

}  // namespace

void Worker::process(const Job& job) {
  auto shutdown_due = [this] {
    return stopping_ && std::chrono::steady_clock::now() - stop_requested_at_ >= config_.grace;
  };
  JobRun run(jobs_, job, config_.lease, config_.heartbeat_interval(), shutdown_due);
  detect::AnalysisHooks hooks;
  hooks.on_progress = [&run](const Progress& p) { run.report_progress(p); };
  hooks.should_stop = run.stop_flag();
  // Every store call below rides out a store outage while the lease holds.
  hooks.store_artifact = [this, &run](const detect::ArtifactData& a) {
    return run.while_leased([&] { return store_artifact(media_, a); });
  };
  try {
    auto media = run.while_leased([&] { return fetch_media(media_, job); });
    Json report = processor_.process(job, media, hooks);
    if (run.stop_reason() != StopReason::None) throw detect::AnalysisInterrupted();
    log_lease_check(run.while_leased([&] { return jobs_.complete(job.id, job.lease->id, report); }), job, "complete");
    log::info("job completed", job_fields(job));
  } catch (const detect::AnalysisInterrupted&) {
    settle_interrupted(jobs_, run, job, run.stop_reason());
  } catch (const Error& e) {
    record_failure(jobs_, run, job, {e.code(), e.what(), e.retryable()}, config_.backoff);
  } catch (const std::exception& e) {
    record_failure(jobs_, run, job, {ErrorCode::INTERNAL, e.what(), true}, config_.backoff);
  }
}

}  // namespace deeptrace::worker
