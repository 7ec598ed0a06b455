#pragma once
// The upload temp files this process is still writing or probing, so the
// sweep of stale temp files never removes one from under a live upload (a
// slow client can leave its file unwritten for a while; probing does not
// write to it at all).
#include <filesystem>
#include <mutex>
#include <set>
#include <string>

namespace deeptrace::api {

class ActiveUploads {
 public:
  // Held for as long as the upload owns its temp file; untracks it when destroyed.
  class Claim {
   public:
    Claim(ActiveUploads& owner, std::string name) : owner_(&owner), name_(std::move(name)) {}
    ~Claim();
    Claim(Claim&& other) noexcept : owner_(other.owner_), name_(std::move(other.name_)) { other.owner_ = nullptr; }
    Claim(const Claim&) = delete;
    Claim& operator=(const Claim&) = delete;
    Claim& operator=(Claim&&) = delete;

   private:
    ActiveUploads* owner_;
    std::string name_;
  };

  // Call before the file is created, so a sweep can never see it unclaimed.
  [[nodiscard]] Claim track(const std::filesystem::path& temp_file);
  // Temp files are told apart by name (unique per upload), whatever the path's spelling.
  bool owns(const std::filesystem::path& temp_file) const;
  std::size_t size() const;

 private:
  void untrack(const std::string& name);

  mutable std::mutex mutex_;
  std::multiset<std::string> names_;
};

}  // namespace deeptrace::api
