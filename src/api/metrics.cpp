#include "api/metrics.hpp"

#include <sstream>

namespace deeptrace::api {
namespace {

std::string label_escape(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

void render_queue(std::ostringstream& out, const QueueStats& stats, TimeMs now) {
  out << "# HELP deeptrace_jobs Jobs in the store by status.\n# TYPE deeptrace_jobs gauge\n";
  for (JobStatus s : all_statuses()) {
    auto it = stats.by_status.find(s);
    out << "deeptrace_jobs{status=\"" << status_name(s) << "\"} "
        << (it == stats.by_status.end() ? 0 : it->second) << "\n";
  }
  auto pending = stats.by_status.find(JobStatus::Pending);
  out << "# HELP deeptrace_queue_depth PENDING jobs.\n# TYPE deeptrace_queue_depth gauge\n"
      << "deeptrace_queue_depth " << (pending == stats.by_status.end() ? 0 : pending->second) << "\n";
  double age = stats.oldest_pending_created_at ? (now - *stats.oldest_pending_created_at) / 1000.0 : 0;
  out << "# HELP deeptrace_oldest_pending_age_seconds Age of the oldest runnable PENDING job.\n"
      << "# TYPE deeptrace_oldest_pending_age_seconds gauge\n"
      << "deeptrace_oldest_pending_age_seconds " << (age < 0 ? 0 : age) << "\n";
  out << "# HELP deeptrace_stuck_jobs PROCESSING jobs whose lease expired.\n"
      << "# TYPE deeptrace_stuck_jobs gauge\ndeeptrace_stuck_jobs " << stats.stuck << "\n";
}

void render_beats(std::ostringstream& out, const std::vector<WorkerBeat>& beats, TimeMs now) {
  out << "# HELP deeptrace_worker_last_heartbeat_age_seconds Seconds since each worker was seen.\n"
      << "# TYPE deeptrace_worker_last_heartbeat_age_seconds gauge\n";
  for (const WorkerBeat& b : beats) {
    out << "deeptrace_worker_last_heartbeat_age_seconds{worker=\"" << label_escape(b.worker_id) << "\"} "
        << (now - b.last_seen) / 1000.0 << "\n";
  }
}

}  // namespace

void Metrics::observe(std::string_view route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  Histogram& h = latency_[std::string(route)];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.counts[i];
  }
  ++h.count;
  h.sum += seconds;
  ++requests_[{std::string(route), status}];
}

void Metrics::count_quota_refusal(Limit limit, const std::string& user_id) {
  std::lock_guard lock(mutex_);
  ++quota_refusals_[{user_id, limit}];
}

void Metrics::count_webhook_attempt(std::string_view outcome) {
  std::lock_guard lock(mutex_);
  auto it = webhook_attempts_.find(outcome);
  if (it == webhook_attempts_.end()) it = webhook_attempts_.emplace(std::string(outcome), 0).first;
  ++it->second;
}

std::string Metrics::render_http() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  out << "# HELP deeptrace_http_request_duration_seconds Request latency by route.\n"
      << "# TYPE deeptrace_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    std::string label = "route=\"" + label_escape(route) + "\"";
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out << "deeptrace_http_request_duration_seconds_bucket{" << label << ",le=\"" << kBuckets[i]
          << "\"} " << h.counts[i] << "\n";
    }
    out << "deeptrace_http_request_duration_seconds_bucket{" << label << ",le=\"+Inf\"} " << h.count << "\n"
        << "deeptrace_http_request_duration_seconds_sum{" << label << "} " << h.sum << "\n"
        << "deeptrace_http_request_duration_seconds_count{" << label << "} " << h.count << "\n";
  }
  out << "# HELP deeptrace_http_requests_total Requests by route and status.\n"
      << "# TYPE deeptrace_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    out << "deeptrace_http_requests_total{route=\"" << label_escape(key.first) << "\",status=\""
        << key.second << "\"} " << n << "\n";
  }
  out << "# HELP deeptrace_quota_refusals_total Uploads refused with 429 by a quota, by user id and limit.\n"
      << "# TYPE deeptrace_quota_refusals_total counter\n";
  for (const auto& [key, n] : quota_refusals_) {
    out << "deeptrace_quota_refusals_total{user_id=\"" << label_escape(key.first) << "\",limit=\""
        << limit_name(key.second) << "\"} " << n << "\n";
  }
  out << "# HELP deeptrace_webhook_attempts_total Webhook delivery attempts by outcome (delivered, retrying, gave_up).\n"
      << "# TYPE deeptrace_webhook_attempts_total counter\n";
  for (const auto& [outcome, n] : webhook_attempts_)
    out << "deeptrace_webhook_attempts_total{outcome=\"" << label_escape(outcome) << "\"} " << n << "\n";
  return out.str();
}

std::string Metrics::render_quotas(const EffectiveLimits& defaults,
                                   const std::vector<std::pair<std::string, EffectiveLimits>>& by_user) {
  std::ostringstream out;
  out << "# HELP deeptrace_quota_default Default per-user quotas (0: no limit).\n"
      << "# TYPE deeptrace_quota_default gauge\n";
  for (Limit limit : kAllLimits) {
    out << "deeptrace_quota_default{limit=\"" << limit_name(limit) << "\"} " << defaults.of(limit) << "\n";
  }
  out << "# HELP deeptrace_quota_limit Each user's quotas in force (0: no limit).\n"
      << "# TYPE deeptrace_quota_limit gauge\n";
  for (const auto& [user_id, limits] : by_user) {
    for (Limit limit : kAllLimits) {
      out << "deeptrace_quota_limit{user_id=\"" << label_escape(user_id) << "\",limit=\"" << limit_name(limit)
          << "\"} " << limits.of(limit) << "\n";
    }
  }
  return out.str();
}

std::string Metrics::render_storage(const StorageStatus& status) {
  std::ostringstream out;
  out << "# HELP deeptrace_storage_free_bytes Free disk space on each volume the API writes to.\n"
      << "# TYPE deeptrace_storage_free_bytes gauge\n";
  for (const VolumeSpace& v : status.volumes) {
    if (v.free_bytes < 0) continue;
    out << "deeptrace_storage_free_bytes{volume=\"" << label_escape(v.name) << "\"} " << v.free_bytes << "\n";
  }
  out << "# HELP deeptrace_storage_degraded 1 while free space is below the threshold or a write found the disk full.\n"
      << "# TYPE deeptrace_storage_degraded gauge\n"
      << "deeptrace_storage_degraded " << (status.degraded ? 1 : 0) << "\n"
      << "# HELP deeptrace_storage_full_errors_total Writes that failed for lack of disk space.\n"
      << "# TYPE deeptrace_storage_full_errors_total counter\n"
      << "deeptrace_storage_full_errors_total " << status.full_errors << "\n";
  return out.str();
}

std::string Metrics::render(const QueueStats& stats, const std::vector<WorkerBeat>& beats, TimeMs now) const {
  std::ostringstream out;
  render_queue(out, stats, now);
  render_beats(out, beats, now);
  return out.str() + render_http();
}

}  // namespace deeptrace::api
