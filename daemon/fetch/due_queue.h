// What the fetcher schedules (a source's polls, a one-shot's attempts) and the queues that order
// them by priority tier, then by due time. Internal to fetch/. Not thread-safe; lives on the thread
// that polls.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <unordered_set>
#include <vector>

#include "core/clock.h"
#include "fetch/fetcher.h"
#include "fetch/transfer.h"

namespace fetch {

using TimePoint = core::Clock::TimePoint;

struct Host;

/// One schedulable unit: a configured source or a one-shot. Queue entries point at it; an entry
/// is live only while it carries the task's current ticket and the task is idle.
struct Task {
  Priority priority = Priority::normal;
  Host* host = nullptr;
  TimePoint next_due{};         // when it became (or becomes) due: "most overdue" means earliest
  TimePoint queued_at{};        // due time of its live queue entry (a reserved slot, or next_due)
  std::uint64_t ticket = 0;     // the live entry carries the same ticket; older ones are stale
  bool slot_reserved = false;   // holds a per_host_min_interval start slot
  TimePoint last_start{};
  std::unique_ptr<Transfer> transfer;  // null when idle
  std::uint64_t oneshot_key = 0;       // 0: a configured source; else the one-shot's internal key
};

/// A queue entry: `task` is due at `due`, unless its ticket moved on since.
struct Entry {
  TimePoint due;
  std::uint64_t ticket;
  Task* task;
};

/// True while `e` is the task's current entry and the task is not running.
inline bool live(const Entry& e) { return e.ticket == e.task->ticket && !e.task->transfer; }

/// Tasks whose queue entries must go before the tasks are destroyed.
using TaskSet = std::unordered_set<const Task*>;

inline constexpr std::size_t kTiers = 3;
/// 0 for high, 1 for normal, 2 for low.
std::size_t tier_of(Priority p);

/// One min-heap of due times per tier (ties in queueing order), with lazy deletion: push and pop
/// cost O(log n) however many tasks there are.
class DueQueue {
 public:
  void push(const Entry& e);
  /// Removes and returns the live entry due by `now` from the highest tier that has one (most
  /// overdue within the tier); nullopt when none is due. Stale entries are dropped on the way.
  std::optional<Entry> pop_due(TimePoint now);
  /// The earliest due time of any entry (perhaps a stale one: only an early wake-up).
  std::optional<TimePoint> earliest() const;
  /// Drops the entries of `gone` without reading them (O(n)).
  void forget(const TaskSet& gone);

 private:
  std::array<std::vector<Entry>, kTiers> heaps_;
};

/// Due tasks held back by per_host_max_in_flight: first in, first out within a tier, higher
/// tiers first.
class WaitingLine {
 public:
  void push(const Entry& e);
  /// The next live entry, removed; nullopt when none waits.
  std::optional<Entry> pop();
  void forget(const TaskSet& gone);

 private:
  std::array<std::deque<Entry>, kTiers> lines_;
};

/// Per-host limits: transfers running, when the next one may start, tasks waiting for a slot.
struct Host {
  std::size_t in_flight = 0;
  TimePoint next_start{};
  WaitingLine waiting;
  std::size_t users = 0;  // tasks bound to this host; an unused, idle host can be dropped
};

}  // namespace fetch
