#pragma once
// Per-user quotas on uploads (docs/api.md, "Limits"): uploads per minute,
// jobs queued or running at once, and bytes uploaded in any 24 hours. The
// server's defaults apply unless an admin set a user's own; 0 is no limit.
// An exceeded limit refuses the upload with 429, a stable code and a
// Retry-After. Usage comes from the store, so every API instance agrees;
// two uploads racing past the same limit can both get in (a quota, not a lock).
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "api/config.hpp"
#include "core/errors.hpp"
#include "store/job_store.hpp"
#include "store/user_store.hpp"

namespace deeptrace::api {

enum class Limit { UploadsPerMinute, ConcurrentJobs, BytesPerDay };
inline constexpr std::array<Limit, 3> kAllLimits = {Limit::UploadsPerMinute, Limit::ConcurrentJobs, Limit::BytesPerDay};
inline constexpr TimeMs kMinuteMs = 60'000;
inline constexpr TimeMs kDayMs = 24 * 3600 * 1000;

std::string_view limit_name(Limit limit);  // "uploads_per_minute", as in the API and /metrics

// The limits in force for one user; 0: none.
struct EffectiveLimits {
  std::int64_t uploads_per_minute = 0;
  std::int64_t concurrent_jobs = 0;
  std::int64_t bytes_per_day = 0;
  std::int64_t of(Limit limit) const;
};
EffectiveLimits defaults_of(const Config& config);
// {"uploads_per_minute": n, "concurrent_jobs": n, "bytes_per_day": n}
nlohmann::json quotas_json(const EffectiveLimits& limits);
EffectiveLimits effective_limits(const Config& config, const UserLimits& overrides);

struct QuotaUsage {
  UploadUsage last_minute;
  UploadUsage last_day;
  std::int64_t active_jobs = 0;
};

struct QuotaRefusal {
  Limit limit;
  ErrorCode code;
  std::string message;
  std::int64_t retry_after_s = 1;
};

// Pure: whether one more upload of `incoming_bytes` fits, given `usage` at `now`.
std::optional<QuotaRefusal> check_upload(const EffectiveLimits& limits, const QuotaUsage& usage,
                                         std::int64_t incoming_bytes, TimeMs now);
// Reads what it needs from the store (nothing for limits that are off).
QuotaUsage read_usage(JobStore& jobs, const std::string& owner, const EffectiveLimits& limits, TimeMs now);
// The Error an upload gets for `refusal`, Retry-After included.
Error refusal_error(const QuotaRefusal& refusal);
// "42 s", "5 min", "24 h": a wait, rounded up, for people.
std::string wait_text(std::int64_t seconds);

}  // namespace deeptrace::api
