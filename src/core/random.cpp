#include "core/random.hpp"

#include <openssl/rand.h>

#include <cstdio>
#include <cstdint>
#include <stdexcept>
#include <vector>

#include "core/time.hpp"

namespace deeptrace {

std::string random_hex(size_t bytes) {
  std::vector<unsigned char> raw(bytes);
  if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes * 2);
  for (unsigned char b : raw) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xf]);
  }
  return out;
}

std::string new_job_id() {
  char stamp[16];
  std::snprintf(stamp, sizeof stamp, "%012llx", static_cast<unsigned long long>(now_ms()));
  return std::string(stamp) + random_hex(8);
}

std::string new_lease_token() { return random_hex(16); }

double random_unit() {
  std::uint64_t value = 0;
  RAND_bytes(reinterpret_cast<unsigned char*>(&value), sizeof value);
  return static_cast<double>(value >> 11) / static_cast<double>(1ULL << 53);
}

}  // namespace deeptrace
