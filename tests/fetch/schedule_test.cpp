#include "fetch/schedule.h"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using fetch::Outcome;

namespace {
const fetch::SchedulePolicy kPolicy{5min, 10s, 30min};
}

// Given a success, we should wait the interval plus at most 5% jitter.
TEST(Schedule, SuccessWaitsIntervalWithSmallJitter) {
  EXPECT_EQ(fetch::next_delay({Outcome::ok, 0, std::nullopt}, kPolicy, 0.0), 5min);
  EXPECT_EQ(fetch::next_delay({Outcome::not_modified, 0, std::nullopt}, kPolicy, 0.999), 314985ms);
}

// Given a rate-limited reply with Retry-After, we should wait exactly that long.
TEST(Schedule, RateLimitHonoursRetryAfter) {
  EXPECT_EQ(fetch::next_delay({Outcome::rate_limited, 1, 2h}, kPolicy, 0.3), 2h);
  EXPECT_EQ(fetch::next_delay({Outcome::rate_limited, 1, 0s}, kPolicy, 0.3), fetch::kMinDelay);
}

// Given a rate-limited reply without Retry-After or any other failure, we should back off.
TEST(Schedule, FailureBacksOff) {
  EXPECT_EQ(fetch::next_delay({Outcome::rate_limited, 1, std::nullopt}, kPolicy, 0.0), 5s);
  EXPECT_EQ(fetch::next_delay({Outcome::timeout, 3, std::nullopt}, kPolicy, 1.0), 40s);
  EXPECT_EQ(fetch::next_delay({Outcome::http_error, 50, std::nullopt}, kPolicy, 1.0), 30min);
}

// Given a source polled less often than backoff_max, we should let backoff grow to its interval
// and no further, so it is never parked for good.
TEST(Schedule, BackoffCeilingIsTheLongerOfMaxAndInterval) {
  const fetch::SchedulePolicy daily{24h, 10s, 30min};
  EXPECT_EQ(fetch::next_delay({Outcome::network_error, 60, std::nullopt}, daily, 1.0), 24h);
}

// Given tiny configured delays, we should never schedule faster than kMinDelay.
TEST(Schedule, NeverHotLoops) {
  const fetch::SchedulePolicy tiny{1ms, 1ms, 2ms};
  EXPECT_EQ(fetch::next_delay({Outcome::ok, 0, std::nullopt}, tiny, 0.0), fetch::kMinDelay);
  EXPECT_EQ(fetch::next_delay({Outcome::timeout, 1, std::nullopt}, tiny, 0.0), fetch::kMinDelay);
}
