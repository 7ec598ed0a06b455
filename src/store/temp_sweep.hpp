#pragma once
// Upload temp files (<state>/tmp/upload-<random>.part) normally end renamed
// into the media store or removed. A process killed mid-upload (SIGKILL, OOM,
// power loss) leaves its file behind for good; the API sweeps them on start
// and periodically, and `deeptrace-admin purge` does too.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>

namespace deeptrace {

// A fresh upload-<random>.part path in `tmp_dir`.
std::filesystem::path new_upload_temp_path(const std::filesystem::path& tmp_dir);
// True for names new_upload_temp_path() makes (upload-*.part), whatever the directory.
bool is_upload_temp_file(const std::filesystem::path& path);

struct TempSweepResult {
  int removed = 0;
  std::int64_t bytes = 0;
};

// Removes the regular upload temp files in `tmp_dir` last written more than
// `max_age` ago, except those `in_use` claims (an upload of this process
// still writing or probing it). An upload in progress on another process
// sharing the directory keeps its file fresh by writing to it, and is
// bounded by that process's request timeout, so the age protects it.
// Files that vanish meanwhile are skipped; nothing here throws.
TempSweepResult sweep_stale_upload_temps(const std::filesystem::path& tmp_dir, std::chrono::seconds max_age,
                                         const std::function<bool(const std::filesystem::path&)>& in_use = {});

}  // namespace deeptrace
