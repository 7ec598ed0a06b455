// Request validation every backend shares (declared in job_store.hpp and
// user_store.hpp), so SQLite and MongoDB reject exactly the same input.
#include <algorithm>
#include <cctype>

#include "store/job_store.hpp"
#include "store/user_store.hpp"

namespace deeptrace {
namespace {

constexpr size_t kMaxIdempotencyKeyLength = 255;

}  // namespace

void validate_new_job(const NewJob& request) {
  if (request.owner.empty()) throw Error(ErrorCode::INVALID_REQUEST, "a job needs an owner");
  if (request.max_attempts < 1) throw Error(ErrorCode::INVALID_REQUEST, "max_attempts must be >= 1");
  if (request.idempotency_key &&
      (request.idempotency_key->empty() || request.idempotency_key->size() > kMaxIdempotencyKeyLength)) {
    throw Error(ErrorCode::INVALID_REQUEST, "the idempotency key must be 1 to 255 characters");
  }
  validate_options(request.options);
}

// Names appear in logs and CLI output: keep them to a safe, printable set.
void validate_user_name(const std::string& name) {
  bool ok = !name.empty() && name.size() <= kMaxNameLength &&
            std::all_of(name.begin(), name.end(), [](unsigned char c) {
              return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '@';
            });
  if (!ok) {
    throw Error(ErrorCode::INVALID_REQUEST,
                "user names are 1 to 64 characters of letters, digits, '-', '_', '.', '@'");
  }
}

// Shown in lists and logs: printable ASCII, so no terminal escapes or
// look-alike characters get into them.
void validate_key_name(const std::string& name) {
  bool ok = !name.empty() && name.size() <= kMaxNameLength &&
            std::all_of(name.begin(), name.end(), [](unsigned char c) { return c >= 0x20 && c < 0x7F; });
  if (!ok) throw Error(ErrorCode::INVALID_REQUEST, "key names are 1 to 64 printable ASCII characters");
}

void validate_limits(const UserLimits& limits) {
  for (const auto& limit : {limits.uploads_per_minute, limits.concurrent_jobs, limits.bytes_per_day}) {
    if (limit && *limit < 0) throw Error(ErrorCode::INVALID_REQUEST, "limits are 0 (no limit) or more");
  }
}

}  // namespace deeptrace
