// Time as a collaborator, so schedules and backoff can be tested with a fake clock.
#pragma once

#include <chrono>

namespace core {

class Clock {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  virtual ~Clock() = default;
  /// Monotonic time for schedules and timeouts.
  virtual TimePoint now() const = 0;
  /// Wall-clock seconds since the epoch, for timestamps in messages and metrics.
  virtual double wall_seconds() const = 0;
};

/// The real clocks. Thread-safe.
class SystemClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::steady_clock::now(); }
  double wall_seconds() const override {
    using namespace std::chrono;
    return duration<double>(system_clock::now().time_since_epoch()).count();
  }
};

}  // namespace core
