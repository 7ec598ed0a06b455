#pragma once
#include <string>

namespace deeptrace {

// Cryptographically random bytes as lowercase hex (OpenSSL RAND_bytes).
std::string random_hex(size_t bytes);
// Job ids sort by creation time: 12 hex digits of milliseconds, then 16 random.
std::string new_job_id();
// Fencing token for a lease.
std::string new_lease_token();
// Uniform double in [0, 1), for backoff jitter.
double random_unit();

}  // namespace deeptrace
