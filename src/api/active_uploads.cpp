#include "api/active_uploads.hpp"

namespace deeptrace::api {

ActiveUploads::Claim::~Claim() {
  if (owner_) owner_->untrack(name_);
}

ActiveUploads::Claim ActiveUploads::track(const std::filesystem::path& temp_file) {
  std::string name = temp_file.filename().string();
  std::lock_guard lock(mutex_);
  names_.insert(name);
  return Claim(*this, std::move(name));
}

bool ActiveUploads::owns(const std::filesystem::path& temp_file) const {
  std::lock_guard lock(mutex_);
  return names_.count(temp_file.filename().string()) > 0;
}

std::size_t ActiveUploads::size() const {
  std::lock_guard lock(mutex_);
  return names_.size();
}

void ActiveUploads::untrack(const std::string& name) {
  std::lock_guard lock(mutex_);
  if (auto it = names_.find(name); it != names_.end()) names_.erase(it);
}

}  // namespace deeptrace::api
