#include "store/temp_sweep.hpp"

#include "core/random.hpp"

namespace deeptrace {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view kPrefix = "upload-";
constexpr std::string_view kSuffix = ".part";

bool older_than(const fs::directory_entry& entry, std::chrono::seconds max_age) {
  std::error_code ec;
  auto written = entry.last_write_time(ec);
  if (ec) return false;
  return fs::file_time_type::clock::now() - written >= max_age;
}

}  // namespace

fs::path new_upload_temp_path(const fs::path& tmp_dir) {
  return tmp_dir / (std::string(kPrefix) + random_hex(16) + std::string(kSuffix));
}

bool is_upload_temp_file(const fs::path& path) {
  std::string name = path.filename().string();
  return name.size() > kPrefix.size() + kSuffix.size() && name.rfind(kPrefix, 0) == 0 &&
         name.compare(name.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0;
}

TempSweepResult sweep_stale_upload_temps(const fs::path& tmp_dir, std::chrono::seconds max_age,
                                         const std::function<bool(const fs::path&)>& in_use) {
  TempSweepResult result;
  std::error_code ec;
  fs::directory_iterator it(tmp_dir, ec);
  if (ec) return result;  // no temp dir yet: nothing was ever left there
  for (const fs::directory_entry& entry : it) {
    std::error_code entry_ec;
    if (!is_upload_temp_file(entry.path()) || !entry.is_regular_file(entry_ec)) continue;
    if (!older_than(entry, max_age) || (in_use && in_use(entry.path()))) continue;
    std::error_code size_ec;
    std::uintmax_t size = entry.file_size(size_ec);
    std::error_code remove_ec;
    if (fs::remove(entry.path(), remove_ec)) {
      ++result.removed;
      if (!size_ec) result.bytes += static_cast<std::int64_t>(size);
    }
  }
  return result;
}

}  // namespace deeptrace
