// Publishing matches to Kafka: the Publisher interface, its librdkafka implementation and a
// start-up reachability check. No librdkafka types appear here.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace publish {

/// Publisher settings. Defaults we set on librdkafka (properties may override them):
/// enable.idempotence=true (internal retries never duplicate or reorder), acks=all,
/// client.id=newswatchd/<version>; everything else keeps librdkafka's own defaults
/// (e.g. message.timeout.ms=300000, linger.ms=5).
struct Options {
  std::string brokers;  ///< "host:port,…" (the app resolves "embedded" to an EmbeddedBroker first)
  std::string topic = "newswatch.matches";
  /// Passed to librdkafka as is, after our defaults.
  std::map<std::string, std::string> properties;
  /// How long shutdown waits for acknowledgements.
  std::chrono::milliseconds flush_timeout{std::chrono::seconds(10)};
  /// How long produce() polls and retries while librdkafka's local queue is full.
  std::chrono::milliseconds queue_full_timeout{std::chrono::seconds(1)};
  /// How long find_published() may take to read the topic back.
  std::chrono::milliseconds read_back_timeout{std::chrono::seconds(60)};
};

/// One Kafka record. Keys, values and headers are bytes.
struct Message {
  std::string key, value;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string item_id;  ///< not sent; returned in the Delivery so the caller can mark it published
};

/// The outcome of one produced message.
struct Delivery {
  std::string item_id;
  bool ok = false;
  std::string error;       ///< librdkafka's text when !ok
  bool permanent = false;  ///< retrying cannot help (message too large, not authorised, …)
};

/// librdkafka statistics, for metrics.
struct Stats {
  double queue_messages = 0;  ///< msg_cnt: messages in the producer's queues
  double tx_errors = 0;       ///< sum of brokers' txerrs (cumulative)
  double tx_retries = 0;      ///< sum of brokers' txretries (cumulative)
  std::map<std::string, double> broker_rtt_seconds;  ///< broker name → average round-trip time
  std::size_t topic_partitions = 0;  ///< partitions of Options::topic with a known leader
};

/// Called from poll(), flush() and produce() (which polls while the queue is full), on the calling
/// thread, exactly once per message that produce() took. It must not call back into the
/// Publisher (record the outcome, e.g. in the dedup store, and return).
using DeliveryCallback = std::function<void(const Delivery&)>;

/// Abstract so the pipeline can be tested with a capturing fake.
/// Thread-safety: produce() and poll() may run on different threads at once (the daemon produces
/// from its process thread and polls from its delivery thread; librdkafka allows it and the
/// publisher's own bookkeeping is locked). flush() is for shutdown, after both have stopped.
/// queue_depth(), fatal_error() and stats() may be called from any thread; recreate() and
/// find_published() must not run while another thread is inside produce() (the pipeline serialises
/// them).
class Publisher {
 public:
  virtual ~Publisher() = default;
  /// Enqueues. On a full local queue, polls and retries for Options::queue_full_timeout. Returns
  /// false (message not taken: the caller keeps it) when still full or after a fatal error. A
  /// message that can never be sent (e.g. too large) is taken and reported as a permanent failure
  /// by the next poll().
  virtual bool produce(Message m) = 0;
  /// Serves delivery reports for up to `timeout`. Call regularly, even when idle.
  virtual void poll(std::chrono::milliseconds timeout) = 0;
  /// Messages taken but not yet reported.
  virtual std::size_t queue_depth() const = 0;
  /// Waits up to `timeout` for every outstanding report; returns how many are still outstanding.
  virtual std::size_t flush(std::chrono::milliseconds timeout) = 0;
  /// "" while healthy; otherwise why the producer stopped for good (recreate() it).
  virtual std::string fatal_error() const { return {}; }
  /// After a fatal error: drops the broken producer — its outstanding messages are forgotten
  /// without delivery reports (the caller replays them from its spool) — and starts a fresh one.
  /// "" or why the new producer could not be made.
  virtual std::string recreate() { return {}; }
  /// Reads the topic back: every partition from the first record at or after `since_unix_ms` up to
  /// the end as it is now, and puts each record key that is in `keys` into `found`. Used at start
  /// to learn which spooled items the broker had acknowledged before a crash. "" or an error (the
  /// topic could not be read in time).
  virtual std::string find_published(const std::unordered_set<std::string>& keys, std::int64_t since_unix_ms,
                                     std::unordered_set<std::string>& found) {
    (void)keys, (void)since_unix_ms, (void)found;
    return {};
  }
  /// librdkafka's own statistics (statistics.interval.ms), as of the last report.
  virtual Stats stats() const { return {}; }
};

/// A librdkafka producer with delivery-report and error callbacks. nullptr and `error` on bad
/// configuration (empty brokers, unknown or invalid property, …). Does not contact the broker.
std::unique_ptr<Publisher> make_kafka_publisher(const Options& o, DeliveryCallback on_delivery,
                                                std::string& error);

/// Fetches metadata from o.brokers within `timeout` and checks that o.topic exists with at least
/// one partition. Returns "" or an error naming the brokers or the topic. Never creates the topic.
std::string check_broker(const Options& o, std::chrono::milliseconds timeout);

}  // namespace publish
