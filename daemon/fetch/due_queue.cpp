#include "fetch/due_queue.h"

#include <algorithm>

namespace fetch {
namespace {

// std::push_heap and friends build max-heaps: "later" puts the earliest on top; among equal due
// times the first queued (lowest ticket) goes first, so ties keep their arrival order.
bool later(const Entry& a, const Entry& b) {
  return a.due != b.due ? a.due > b.due : a.ticket > b.ticket;
}

template <typename Container>
void erase_gone(Container& c, const TaskSet& gone) {
  std::erase_if(c, [&gone](const Entry& e) { return gone.count(e.task) > 0; });
}

}  // namespace

std::size_t tier_of(Priority p) {
  switch (p) {
    case Priority::high: return 0;
    case Priority::normal: return 1;
    case Priority::low: return 2;
  }
  return 1;
}

void DueQueue::push(const Entry& e) {
  auto& heap = heaps_[tier_of(e.task->priority)];
  heap.push_back(e);
  std::push_heap(heap.begin(), heap.end(), later);
}

std::optional<Entry> DueQueue::pop_due(TimePoint now) {
  for (auto& heap : heaps_) {
    while (!heap.empty() && heap.front().due <= now) {
      std::pop_heap(heap.begin(), heap.end(), later);
      const Entry top = heap.back();
      heap.pop_back();
      if (live(top)) return top;
    }
  }
  return std::nullopt;
}

std::optional<TimePoint> DueQueue::earliest() const {
  std::optional<TimePoint> first;
  for (const auto& heap : heaps_) {
    if (!heap.empty() && (!first || heap.front().due < *first)) first = heap.front().due;
  }
  return first;
}

void DueQueue::forget(const TaskSet& gone) {
  if (gone.empty()) return;
  for (auto& heap : heaps_) {
    erase_gone(heap, gone);
    std::make_heap(heap.begin(), heap.end(), later);
  }
}

void WaitingLine::push(const Entry& e) { lines_[tier_of(e.task->priority)].push_back(e); }

std::optional<Entry> WaitingLine::pop() {
  for (auto& line : lines_) {
    while (!line.empty()) {
      const Entry front = line.front();
      line.pop_front();
      if (live(front)) return front;
    }
  }
  return std::nullopt;
}

void WaitingLine::forget(const TaskSet& gone) {
  if (gone.empty()) return;
  for (auto& line : lines_) erase_gone(line, gone);
}

}  // namespace fetch
