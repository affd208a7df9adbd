// A publish::Publisher that keeps what it is given, for pipeline tests. Deliveries are reported
// only when the test says so (deliver_all), as a broker would acknowledge them later.
#pragma once

#include <deque>
#include <mutex>
#include <vector>

#include "publish/publisher.h"

namespace testsupport {

class CapturingPublisher : public publish::Publisher {
 public:
  publish::DeliveryCallback on_delivery;
  std::vector<publish::Message> produced;  ///< every message accepted, in order
  bool refuse = false;                     ///< simulate a full queue: produce() returns false

  bool produce(publish::Message m) override {
    if (refuse) return false;
    produced.push_back(m);
    unacked_.push_back(std::move(m));
    return true;
  }
  void poll(std::chrono::milliseconds) override {}
  std::size_t queue_depth() const override { return unacked_.size(); }
  std::size_t flush(std::chrono::milliseconds) override { return unacked_.size(); }

  /// Reports every outstanding message as delivered (ok) or failed.
  void deliver_all(bool ok, bool permanent = false) {
    while (!unacked_.empty()) {
      publish::Message m = std::move(unacked_.front());
      unacked_.pop_front();
      if (on_delivery) on_delivery(publish::Delivery{m.item_id, ok, ok ? "" : "broker said no", permanent});
    }
  }

 private:
  std::deque<publish::Message> unacked_;
};

}  // namespace testsupport
