// BackoffPolicy lives in job_store.hpp; every backend shares this formula.
#include <algorithm>
#include <cmath>

#include "core/random.hpp"
#include "store/job_store.hpp"

namespace deeptrace {

TimeMs BackoffPolicy::delay_ms(int attempt) const {
  // Exponential, capped; the exponent is capped too so the double stays finite.
  int exponent = std::clamp(attempt - 1, 0, 30);
  double exponential = static_cast<double>(base.count()) * std::pow(2.0, exponent);
  double capped = std::min(static_cast<double>(max.count()), exponential);
  // Jitter spreads retries of jobs that failed together (e.g. a store outage).
  double jittered = capped * (0.5 + random_unit() * 0.5);
  return static_cast<TimeMs>(std::llround(jittered));
}

}  // namespace deeptrace
