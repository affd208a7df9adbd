// Internal: librdkafka configuration and handles with ownership in the types.
#pragma once

#include <librdkafka/rdkafka.h>

#include <memory>
#include <cstdint>
#include <string>
#include <unordered_set>

#include "publish/publisher.h"

namespace publish {

struct ConfDeleter {
  void operator()(rd_kafka_conf_t* c) const { rd_kafka_conf_destroy(c); }
};
struct HandleDeleter {
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
struct TopicDeleter {
  void operator()(rd_kafka_topic_t* t) const { rd_kafka_topic_destroy(t); }
};
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;
using TopicPtr = std::unique_ptr<rd_kafka_topic_t, TopicDeleter>;
using HandlePtr = std::unique_ptr<rd_kafka_t, HandleDeleter>;

/// What the configuration is for: producing (our producer defaults apply) or a metadata check.
enum class Purpose { kProduce, kCheck };

/// bootstrap.servers and client.id, the producer defaults for kProduce, then o.properties.
/// nullptr and `error` naming the property on failure.
ConfPtr make_conf(const Options& o, Purpose purpose, std::string& error);

/// The keys among `keys` found in o.topic from `since_unix_ms` to the current end (read_back.cpp).
/// "" or an error.
std::string read_back(const Options& o, const std::unordered_set<std::string>& keys, std::int64_t since_unix_ms,
                      std::unordered_set<std::string>& found);

/// Creates a producer handle, taking the configuration on success; nullptr and `error` on failure.
HandlePtr make_producer(ConfPtr conf, std::string& error);

}  // namespace publish
