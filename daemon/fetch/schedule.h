// When a source is due again after an attempt: interval after success, backoff after failure,
// Retry-After when the server asked for it. Internal to fetch/; pure and thread-safe.
#pragma once

#include <chrono>
#include <optional>

#include "fetch/outcome.h"

namespace fetch {

/// What the scheduler needs to know about one finished attempt.
struct AttemptSummary {
  Outcome outcome;
  int consecutive_failures;                        ///< already counting this attempt
  std::optional<std::chrono::seconds> retry_after; ///< parsed Retry-After, if any
};

/// Scheduling knobs: the source's interval and the stage's backoff options.
struct SchedulePolicy {
  std::chrono::milliseconds interval;
  std::chrono::milliseconds backoff_base;
  std::chrono::milliseconds backoff_max;
};

/// Shortest wait we ever schedule, so no reply (Retry-After: 0, tiny intervals) can cause a hot loop.
inline constexpr std::chrono::milliseconds kMinDelay{100};

/// Delay until the next attempt. `uniform01` in [0, 1) supplies jitter: success adds up to 5% of
/// the interval; failure uses backoff_delay() capped at max(backoff_max, interval); a rate-limited
/// reply with Retry-After waits exactly that long (already clamped to kMaxRetryAfter).
std::chrono::milliseconds next_delay(const AttemptSummary& attempt, const SchedulePolicy& policy,
                                     double uniform01);

}  // namespace fetch
