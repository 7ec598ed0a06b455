#pragma once
// Prometheus text exposition: request latency histograms by route, plus
// queue gauges read from the JobStore at scrape time.
#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "api/quotas.hpp"
#include "api/storage_health.hpp"
#include "store/job_store.hpp"

namespace deeptrace::api {

class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                      0.5,   1,    2.5,   5,    10,  30};

  void observe(std::string_view route, int status, double seconds);
  // An upload a quota refused (api/quotas.hpp).
  void count_quota_refusal(Limit limit, const std::string& user_id);
  // One webhook attempt's outcome: "delivered", "retrying" (failed, tried
  // again later) or "gave_up" (failed its last retry; the endpoint is disabled).
  void count_webhook_attempt(std::string_view outcome);

  // Renders everything; `stats` and `beats` come from the store (the caller
  // fetches them so a store outage can be reported separately).
  std::string render(const QueueStats& stats, const std::vector<WorkerBeat>& beats, TimeMs now) const;
  std::string render_http() const;
  // Free space per volume, whether storage is degraded, and writes that
  // failed for lack of space.
  static std::string render_storage(const StorageStatus& status);
  // The default quotas and each user's quotas in force (by user id: user
  // names stay off this public page); 0 is no limit.
  static std::string render_quotas(const EffectiveLimits& defaults,
                                   const std::vector<std::pair<std::string, EffectiveLimits>>& by_user);

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> counts{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::string, Histogram> latency_;  // by route pattern
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;  // by route, status
  std::map<std::pair<std::string, Limit>, std::uint64_t> quota_refusals_;  // by user id, limit
  std::map<std::string, std::uint64_t, std::less<>> webhook_attempts_;     // by outcome
};

}  // namespace deeptrace::api
