#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

namespace deeptrace {

// Incremental SHA-256 for streamed uploads (OpenSSL EVP).
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(const void* data, size_t size);
  void update(std::string_view data) { update(data.data(), data.size()); }
  std::string hex_digest();  // finishes the hash

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

std::string sha256_hex(std::string_view data);
std::string sha256_file_hex(const std::filesystem::path& path);

}  // namespace deeptrace
