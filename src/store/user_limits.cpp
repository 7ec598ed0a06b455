// A user's quota overrides as the admin API and deeptrace-admin show them
// (declared in user_store.hpp): one shape for both.
#include "store/user_store.hpp"

namespace deeptrace {

Json quota_overrides_json(const UserLimits& limits) {
  auto value = [](const std::optional<std::int64_t>& v) { return v ? Json(*v) : Json(nullptr); };
  return {{"uploads_per_minute", value(limits.uploads_per_minute)},
          {"concurrent_jobs", value(limits.concurrent_jobs)},
          {"bytes_per_day", value(limits.bytes_per_day)}};
}

}  // namespace deeptrace
