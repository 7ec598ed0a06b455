#include "api/quotas.hpp"

#include <algorithm>

namespace deeptrace::api {
namespace {

// A quota that has no set time to free up (jobs end when they end): ask the
// client to come back after a while rather than hammer the server.
constexpr std::int64_t kActiveJobsRetryS = 30;

// Seconds until the earliest upload in a window leaves it: when usage can
// first fall. Whole seconds, rounded up, at least one.
std::int64_t seconds_until_window_frees(const UploadUsage& window, TimeMs window_ms, TimeMs now) {
  TimeMs frees_at = window.earliest.value_or(now) + window_ms;
  return std::max<std::int64_t>(1, (frees_at - now + 999) / 1000);
}

std::string bytes_text(std::int64_t bytes) { return std::to_string(bytes) + " bytes"; }

}  // namespace

std::string_view limit_name(Limit limit) {
  switch (limit) {
    case Limit::UploadsPerMinute: return "uploads_per_minute";
    case Limit::ConcurrentJobs: return "concurrent_jobs";
    case Limit::BytesPerDay: return "bytes_per_day";
  }
  return "unknown";
}

std::int64_t EffectiveLimits::of(Limit limit) const {
  switch (limit) {
    case Limit::UploadsPerMinute: return uploads_per_minute;
    case Limit::ConcurrentJobs: return concurrent_jobs;
    case Limit::BytesPerDay: return bytes_per_day;
  }
  return 0;
}

EffectiveLimits defaults_of(const Config& config) {
  return {config.limit_uploads_per_minute, config.limit_concurrent_jobs, config.limit_bytes_per_day};
}

nlohmann::json quotas_json(const EffectiveLimits& limits) {
  nlohmann::json out = nlohmann::json::object();
  for (Limit limit : kAllLimits) out[std::string(limit_name(limit))] = limits.of(limit);
  return out;
}

EffectiveLimits effective_limits(const Config& config, const UserLimits& overrides) {
  EffectiveLimits defaults = defaults_of(config);
  return {overrides.uploads_per_minute.value_or(defaults.uploads_per_minute),
          overrides.concurrent_jobs.value_or(defaults.concurrent_jobs),
          overrides.bytes_per_day.value_or(defaults.bytes_per_day)};
}

std::optional<QuotaRefusal> check_upload(const EffectiveLimits& limits, const QuotaUsage& usage,
                                         std::int64_t incoming_bytes, TimeMs now) {
  if (limits.uploads_per_minute > 0 && usage.last_minute.jobs >= limits.uploads_per_minute) {
    return QuotaRefusal{Limit::UploadsPerMinute, ErrorCode::RATE_LIMITED,
                        "at most " + std::to_string(limits.uploads_per_minute) + " uploads a minute",
                        seconds_until_window_frees(usage.last_minute, kMinuteMs, now)};
  }
  if (limits.concurrent_jobs > 0 && usage.active_jobs >= limits.concurrent_jobs) {
    return QuotaRefusal{Limit::ConcurrentJobs, ErrorCode::TOO_MANY_ACTIVE_JOBS,
                        "at most " + std::to_string(limits.concurrent_jobs) +
                            " jobs queued or running at once; wait for some to end or cancel some",
                        kActiveJobsRetryS};
  }
  if (limits.bytes_per_day > 0 && usage.last_day.bytes + incoming_bytes > limits.bytes_per_day) {
    std::string message = "at most " + bytes_text(limits.bytes_per_day) + " a day; " +
                          bytes_text(usage.last_day.bytes) + " uploaded in the last 24 hours";
    if (incoming_bytes > limits.bytes_per_day) message = "the file is larger than the daily quota of " + bytes_text(limits.bytes_per_day);
    return QuotaRefusal{Limit::BytesPerDay, ErrorCode::QUOTA_EXCEEDED, message,
                        seconds_until_window_frees(usage.last_day, kDayMs, now)};
  }
  return std::nullopt;
}

QuotaUsage read_usage(JobStore& jobs, const std::string& owner, const EffectiveLimits& limits, TimeMs now) {
  QuotaUsage usage;
  if (limits.uploads_per_minute > 0) usage.last_minute = jobs.uploads_since(owner, now - kMinuteMs);
  if (limits.concurrent_jobs > 0) usage.active_jobs = jobs.active_jobs(owner);
  if (limits.bytes_per_day > 0) usage.last_day = jobs.uploads_since(owner, now - kDayMs);
  return usage;
}

std::string wait_text(std::int64_t seconds) {
  if (seconds < 120) return std::to_string(seconds) + " s";
  if (seconds < 2 * 3600) return std::to_string((seconds + 59) / 60) + " min";
  return std::to_string((seconds + 3599) / 3600) + " h";
}

Error refusal_error(const QuotaRefusal& refusal) {
  // The wait is in the message too, for clients that show only the message.
  std::string message = refusal.message + "; retry in " + wait_text(refusal.retry_after_s);
  return Error(refusal.code, message, true).retry_after(refusal.retry_after_s);
}

}  // namespace deeptrace::api
