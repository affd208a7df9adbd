// A clock that moves only when the test says so: schedules, backoff, robots.txt lifetimes.
#pragma once

#include <atomic>

#include "core/clock.h"

namespace testsupport {

/// Starts at an arbitrary steady time point and Unix time 1'700'000'000. Thread-safe.
class FakeClock final : public core::Clock {
 public:
  TimePoint now() const override { return TimePoint{std::chrono::nanoseconds{ns_.load()}}; }
  double wall_seconds() const override { return 1'700'000'000.0 + ns_.load() / 1e9; }
  /// Moves both clocks forward.
  void advance(std::chrono::nanoseconds d) { ns_ += d.count(); }

 private:
  std::atomic<long long> ns_{1'000'000'000'000};
};

}  // namespace testsupport
