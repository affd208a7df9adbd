// What the fault-injection tests share: generated feeds with a known set of on-topic items, an
// independent consumer that counts what arrived per key, a daemon config and a metrics scrape.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "support/daemon_harness.h"

namespace faults {

using testsupport::daemon_path;
using testsupport::http_get;
inline double metric(const std::string& scrape, const std::string& name, const std::vector<std::string>& labels = {}) {
  return testsupport::metric_sum(scrape, name, labels);
}
inline std::string make_temp_dir() { return testsupport::make_temp_dir("newswatch-faults"); }

/// One generated item: its guid (which newswatch uses as the item id, i.e. the Kafka key).
struct Item {
  std::string guid, title, text;
  bool on_topic = true;
};

/// `n` items numbered from `first`; every `off_every`-th one is off-topic (0: none). Titles vary.
std::vector<Item> make_items(int first, int n, int off_every = 0);
/// Writes an RSS 2.0 feed of `items` to `path` atomically (write, then rename).
void write_feed(const std::string& path, const std::vector<Item>& items);

/// Every record of `topic` (all partitions) up to the end as it is now, in partition order.
struct Topic {
  std::vector<std::string> keys;       ///< record keys in offset order, partition by partition
  std::map<std::string, int> per_key;  ///< how many records each key has
  bool complete = false;               ///< false when the end could not be reached in time
};
Topic read_topic(const std::string& bootstrap, const std::string& topic, std::chrono::milliseconds timeout);

/// What arrived compared with what should have.
struct Tally {
  std::size_t expected = 0, arrived = 0, lost = 0, duplicated = 0, unexpected = 0;
};
Tally tally(const Topic& t, const std::vector<std::string>& expected_keys);
std::string to_string(const Tally& t);

/// A config polling `feed_url` every second, with quick reconnects and `extra_properties` for
/// librdkafka.
std::string write_config(const std::string& dir, const std::string& brokers, const std::string& topic,
                         int metrics_port, const std::string& feed_url,
                         const std::vector<std::pair<std::string, std::string>>& extra_properties = {});

}  // namespace faults
