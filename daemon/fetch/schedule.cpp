#include "fetch/schedule.h"

#include <algorithm>

#include "fetch/http_cache.h"

namespace fetch {

std::chrono::milliseconds next_delay(const AttemptSummary& attempt, const SchedulePolicy& policy,
                                     double uniform01) {
  using std::chrono::milliseconds;
  const double spread = std::clamp(uniform01, 0.0, 1.0);
  if (is_success(attempt.outcome)) {
    // A little jitter keeps sources configured together from polling in lockstep.
    const auto jitter = milliseconds{static_cast<long long>(spread * policy.interval.count() / 20)};
    return std::max(policy.interval + jitter, kMinDelay);
  }
  if (attempt.outcome == Outcome::rate_limited && attempt.retry_after) {
    return std::max<milliseconds>(*attempt.retry_after, kMinDelay);
  }
  // A slow-polled source may back off up to its own interval, never beyond: never parked for good.
  const milliseconds ceiling = std::max(policy.backoff_max, policy.interval);
  const milliseconds delay =
      backoff_delay(attempt.consecutive_failures, policy.backoff_base, ceiling, spread);
  return std::max(delay, kMinDelay);
}

}  // namespace fetch
