// An in-process Kafka-protocol broker for trying newswatch out and for tests, not for production.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace publish {

/// librdkafka's mock cluster listening on 127.0.0.1 (ephemeral ports). It speaks enough of the
/// protocol for producers (idempotent too), consumers and kcat; data lives in memory only.
/// Thread-safety: all members may be called from any thread; the cluster runs its own thread.
class EmbeddedBroker {
 public:
  /// Starts `brokers` brokers (ids 1..brokers) and creates `topic` with `partitions` partitions.
  /// nullptr and `error` on failure.
  static std::unique_ptr<EmbeddedBroker> start(int brokers, const std::string& topic,
                                               int partitions, std::string& error);
  ~EmbeddedBroker();
  EmbeddedBroker(const EmbeddedBroker&) = delete;
  EmbeddedBroker& operator=(const EmbeddedBroker&) = delete;

  /// Bootstrap servers: "127.0.0.1:port,…".
  std::string bootstrap() const;
  /// Fault injection: takes broker `broker_id` (1-based) down (connections closed and refused)
  /// or back up.
  void set_broker_up(int broker_id, bool up);
  /// Fault injection: the next requests of Kafka API `api_key` (0 = Produce) fail, one per entry,
  /// with these Kafka protocol error codes (e.g. 6 NOT_LEADER_FOR_PARTITION, 7 REQUEST_TIMED_OUT,
  /// 10 MESSAGE_TOO_LARGE, 19 NOT_ENOUGH_REPLICAS) — for every broker of the cluster.
  void push_request_errors(int api_key, const std::vector<int>& errors);

 private:
  struct Impl;
  explicit EmbeddedBroker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace publish
