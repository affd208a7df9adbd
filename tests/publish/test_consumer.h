// Test helpers: an independent librdkafka consumer, and waiting on a publisher with a deadline.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "publish/publisher.h"

namespace publishtest {

struct Record {
  std::string key, value;
  std::vector<std::pair<std::string, std::string>> headers;
};

/// Reads `topic` (partitions 0..partitions-1) from the beginning until `want` records have arrived
/// or `timeout` has passed; returns what it read.
std::vector<Record> consume(const std::string& bootstrap, const std::string& topic, int partitions,
                            std::size_t want, std::chrono::milliseconds timeout);

/// Polls `p` until `done()` or `timeout`; returns done().
bool poll_until(publish::Publisher& p, const std::function<bool()>& done,
                std::chrono::milliseconds timeout);

/// Collects delivery reports.
struct Deliveries {
  std::vector<publish::Delivery> all;
  publish::DeliveryCallback callback() {
    return [this](const publish::Delivery& d) { all.push_back(d); };
  }
  std::size_t ok() const;
};

/// n messages with keys "key-<i>", values "value-<i>", headers source=test and n=<i>.
std::vector<publish::Message> messages(int n);

}  // namespace publishtest
