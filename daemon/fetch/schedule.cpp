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
    milliseconds base = policy.interval;
    if (attempt.fresh_for && *attempt.fresh_for > base) {
      // The server says the document stays fresh longer: polling before then is wasted.
      base = std::min<milliseconds>(*attempt.fresh_for, std::max(policy.fresh_max, policy.interval));
    }
    const auto jitter = milliseconds{static_cast<long long>(spread * base.count() / 20)};
    return std::max(base + jitter, kMinDelay);
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

std::chrono::milliseconds adapt_interval(std::chrono::milliseconds current, std::size_t new_items,
                                         const AdaptivePolicy& policy) {
  const auto lo = std::max(policy.min, kMinDelay);
  const auto hi = std::max(policy.max, lo);
  const auto next = new_items > 0 ? current / 2 : current + current / 4;
  return std::clamp(next, lo, hi);
}

}  // namespace fetch
