#include "api/storage_health.hpp"

#include <sys/statvfs.h>

#include "core/errors.hpp"
#include "core/file_io.hpp"
#include "core/log.hpp"
#include "core/random.hpp"

namespace deeptrace::api {
namespace {

namespace fs = std::filesystem;

std::int64_t free_bytes(const fs::path& dir) {
  struct statvfs info {};
  if (::statvfs(dir.c_str(), &info) != 0) return -1;
  // f_bavail: what an unprivileged writer may still use (root may dip into
  // the reserved blocks, but counting on those is how disks end up full).
  return static_cast<std::int64_t>(info.f_bavail) * static_cast<std::int64_t>(info.f_frsize);
}

// Writes, syncs and removes a scratch file; false when there is no room.
bool probe_write(const fs::path& dir) {
  fs::path probe = dir / (".deeptrace-space-probe-" + random_hex(8));
  bool ok = true;
  try {
    FileOutput out(probe, "the space probe");
    out.write(std::string(StorageHealth::kProbeBytes, '\0'));
    out.sync();
    out.close();
  } catch (const Error& e) {
    ok = false;
    log::debug("storage probe write failed", {{"dir", dir.string()}, {"error", e.what()}});
  }
  std::error_code ignored;
  fs::remove(probe, ignored);
  return ok;
}

nlohmann::json volumes_json(const std::vector<VolumeSpace>& volumes) {
  nlohmann::json out = nlohmann::json::object();
  for (const VolumeSpace& v : volumes) out[v.name] = v.free_bytes;
  return out;
}

}  // namespace

StorageHealth::StorageHealth(std::vector<StorageVolume> volumes, std::int64_t min_free_bytes)
    : volumes_(std::move(volumes)), min_free_bytes_(min_free_bytes) {}

void StorageHealth::record_full(std::string_view where, std::string_view error) {
  {
    std::lock_guard lock(mutex_);
    full_ = true;
    full_reason_ = "a write ran out of disk space (" + std::string(where) + "): " + std::string(error);
    ++full_errors_;
  }
  check();
}

std::vector<VolumeSpace> StorageHealth::read_free_space() const {
  std::vector<VolumeSpace> out;
  for (const StorageVolume& v : volumes_) out.push_back({v.name, free_bytes(v.dir)});
  return out;
}

std::vector<std::string> StorageHealth::reasons_for(const std::vector<VolumeSpace>& volumes) const {
  std::vector<std::string> reasons;
  if (min_free_bytes_ <= 0) return reasons;
  for (std::size_t i = 0; i < volumes.size(); ++i) {
    const VolumeSpace& v = volumes[i];
    if (v.free_bytes < 0 || v.free_bytes >= min_free_bytes_) continue;
    reasons.push_back("free space on the " + v.name + " volume (" + volumes_[i].dir.string() + ") is " +
                      std::to_string(v.free_bytes) + " bytes, below the threshold of " +
                      std::to_string(min_free_bytes_));
  }
  return reasons;
}

StorageStatus StorageHealth::check() {
  StorageStatus status;
  status.volumes = read_free_space();
  status.reasons = reasons_for(status.volumes);
  std::lock_guard lock(mutex_);
  if (full_) status.reasons.insert(status.reasons.begin(), full_reason_);
  status.degraded = !status.reasons.empty();
  status.full_errors = full_errors_;
  log_change(status);
  return status;
}

void StorageHealth::probe_after_full() {
  {
    std::lock_guard lock(mutex_);
    if (!full_) return;
  }
  for (const StorageVolume& v : volumes_) {
    if (!probe_write(v.dir)) return;
  }
  std::lock_guard lock(mutex_);
  full_ = false;
  full_reason_.clear();
}

// Called with mutex_ held.
void StorageHealth::log_change(const StorageStatus& status) {
  if (status.degraded == was_degraded_) return;
  was_degraded_ = status.degraded;
  nlohmann::json fields = {{"free_bytes", volumes_json(status.volumes)}, {"min_free_bytes", min_free_bytes_}};
  if (status.degraded) {
    fields["reasons"] = status.reasons;
    log::warn("storage degraded", fields);
  } else {
    log::info("storage recovered", fields);
  }
}

}  // namespace deeptrace::api
