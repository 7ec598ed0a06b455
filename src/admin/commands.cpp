// The subcommands of deeptrace-admin, on an open backend.
#include <ostream>

#include "admin/admin.hpp"
#include "core/errors.hpp"
#include "core/time.hpp"
#include "store/temp_sweep.hpp"

namespace deeptrace::admin {

using nlohmann::json;

void add_user(Backend& backend, const std::string& name, bool admin, std::ostream& out) {
  out << backend.users->add_user(name, admin).key << "\n";
}

void list_users(Backend& backend, std::ostream& out) {
  for (const User& u : backend.users->list_users()) {
    out << json{{"id", u.id}, {"name", u.name}, {"admin", u.admin}, {"created_at", format_rfc3339(u.created_at)},
                {"quota_overrides", quota_overrides_json(u.limits)}}
               .dump()
        << "\n";
  }
}

void revoke_keys(Backend& backend, const std::string& name, std::ostream& out) {
  if (!backend.users->find_user(name)) throw Error(ErrorCode::INVALID_REQUEST, "no user named " + name);
  out << json{{"revoked_keys", backend.users->revoke_keys(name)}}.dump() << "\n";
}

void set_quotas(Backend& backend, const std::string& name, const QuotaChanges& changes, std::ostream& out) {
  auto user = backend.users->find_user(name);
  if (!user) throw Error(ErrorCode::USER_NOT_FOUND, "no user named " + name);
  UserLimits limits = user->limits;
  if (changes.uploads_per_minute) limits.uploads_per_minute = *changes.uploads_per_minute;
  if (changes.concurrent_jobs) limits.concurrent_jobs = *changes.concurrent_jobs;
  if (changes.bytes_per_day) limits.bytes_per_day = *changes.bytes_per_day;
  if (!backend.users->set_limits(name, limits)) throw Error(ErrorCode::USER_NOT_FOUND, "no user named " + name);
  out << json{{"name", name}, {"quota_overrides", quota_overrides_json(limits)}}.dump() << "\n";
}

void add_key(Backend& backend, const std::string& name, std::ostream& out) {
  out << backend.users->add_key(name).key << "\n";
}

// This process owns no upload, so the age alone protects the live uploads of
// an API running on the same state directory.
void purge(Backend& backend, int older_than_days, int temp_max_age_s, std::ostream& out) {
  TimeMs cutoff = now_ms() - static_cast<TimeMs>(older_than_days) * 24 * 3600 * 1000;
  std::vector<std::string> orphaned = backend.jobs->purge_finished_before(cutoff);
  for (const std::string& sha : orphaned) backend.media->remove(sha);
  TempSweepResult temps = sweep_stale_upload_temps(backend.media->temp_dir(), std::chrono::seconds(temp_max_age_s));
  out << json{{"media_removed", orphaned.size()},
              {"cutoff", format_rfc3339(cutoff)},
              {"temp_files_removed", temps.removed},
              {"temp_bytes_removed", temps.bytes}}
             .dump()
      << "\n";
}

void print_stats(Backend& backend, std::ostream& out) {
  QueueStats s = backend.jobs->stats();
  json by_status = json::object();
  for (JobStatus st : all_statuses()) by_status[std::string(status_name(st))] = s.by_status[st];
  json oldest = s.oldest_pending_created_at ? json(format_rfc3339(*s.oldest_pending_created_at)) : json(nullptr);
  out << json{{"jobs", by_status}, {"stuck", s.stuck}, {"oldest_pending_created_at", oldest}}.dump() << "\n";
}

}  // namespace deeptrace::admin
