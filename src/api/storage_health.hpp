#pragma once
// Whether the volumes the API writes to have room: the state directory
// (upload temp files, local media) and, for SQLite, the database's directory.
// Readiness is degraded while one has less free space than a threshold, or
// after a write failed for lack of space (until a probe write succeeds: a
// full disk that turns away all traffic would otherwise never see the
// successful write that shows it recovered). Changes of state are logged.
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace deeptrace::api {

struct StorageVolume {
  std::string name;  // metric label: "state", "database"
  std::filesystem::path dir;
};

struct VolumeSpace {
  std::string name;
  std::int64_t free_bytes = -1;  // -1: could not be read
};

struct StorageStatus {
  bool degraded = false;
  std::vector<std::string> reasons;
  std::vector<VolumeSpace> volumes;
  std::uint64_t full_errors = 0;  // writes that failed for lack of space, since start
};

class StorageHealth {
 public:
  static constexpr std::size_t kProbeBytes = 1 << 20;

  // min_free_bytes 0 turns the free-space threshold off.
  StorageHealth(std::vector<StorageVolume> volumes, std::int64_t min_free_bytes);

  // A write failed with INSUFFICIENT_STORAGE (the caller logs the failure
  // itself): degraded from now on.
  void record_full(std::string_view where, std::string_view error);
  // The state now: free space read from each volume (cheap), plus a recorded
  // full disk. Logs "storage degraded" / "storage recovered" on a change.
  StorageStatus check();
  // After a full disk: writes kProbeBytes to every volume (blocking I/O, not
  // for the I/O threads); when all succeed, the full disk is over.
  void probe_after_full();

 private:
  std::vector<VolumeSpace> read_free_space() const;
  std::vector<std::string> reasons_for(const std::vector<VolumeSpace>& volumes) const;
  void log_change(const StorageStatus& status);

  const std::vector<StorageVolume> volumes_;
  const std::int64_t min_free_bytes_;
  std::mutex mutex_;
  bool full_ = false;
  std::string full_reason_;
  bool was_degraded_ = false;
  std::uint64_t full_errors_ = 0;
};

}  // namespace deeptrace::api
