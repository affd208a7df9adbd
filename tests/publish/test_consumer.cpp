#include "test_consumer.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <memory>

namespace publishtest {
namespace {

using Clock = std::chrono::steady_clock;

struct ConsumerCloser {
  void operator()(rd_kafka_t* rk) const {
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
  }
};
using ConsumerPtr = std::unique_ptr<rd_kafka_t, ConsumerCloser>;

ConsumerPtr make_consumer(const std::string& bootstrap) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  char errstr[256];
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), errstr, sizeof errstr);
  rd_kafka_conf_set(conf, "group.id", "newswatch-test", errstr, sizeof errstr);
  rd_kafka_conf_set(conf, "enable.auto.commit", "false", errstr, sizeof errstr);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
  if (!rk) rd_kafka_conf_destroy(conf);
  return ConsumerPtr(rk);
}

Record to_record(const rd_kafka_message_t* m) {
  Record r;
  if (m->key) r.key.assign(static_cast<const char*>(m->key), m->key_len);
  if (m->payload) r.value.assign(static_cast<const char*>(m->payload), m->len);
  rd_kafka_headers_t* hdrs = nullptr;
  if (rd_kafka_message_headers(m, &hdrs) != RD_KAFKA_RESP_ERR_NO_ERROR) return r;
  const char* name;
  const void* value;
  size_t size;
  for (size_t i = 0; !rd_kafka_header_get_all(hdrs, i, &name, &value, &size); ++i)
    r.headers.emplace_back(name, std::string(static_cast<const char*>(value), size));
  return r;
}

}  // namespace

std::vector<Record> consume(const std::string& bootstrap, const std::string& topic, int partitions,
                            std::size_t want, std::chrono::milliseconds timeout) {
  std::vector<Record> out;
  ConsumerPtr rk = make_consumer(bootstrap);
  if (!rk) return out;
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p)
    rd_kafka_topic_partition_list_add(parts, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_assign(rk.get(), parts);
  rd_kafka_topic_partition_list_destroy(parts);
  const auto deadline = Clock::now() + timeout;
  while (out.size() < want && Clock::now() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk.get(), 100);
    if (m && !m->err) out.push_back(to_record(m));
    if (m) rd_kafka_message_destroy(m);
  }
  return out;
}

bool poll_until(publish::Publisher& p, const std::function<bool()>& done,
                std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!done() && Clock::now() < deadline) p.poll(std::chrono::milliseconds(50));
  return done();
}

std::size_t Deliveries::ok() const {
  return static_cast<std::size_t>(
      std::count_if(all.begin(), all.end(), [](const publish::Delivery& d) { return d.ok; }));
}

std::vector<publish::Message> messages(int n) {
  std::vector<publish::Message> out;
  for (int i = 0; i < n; ++i) {
    const std::string s = std::to_string(i);
    out.push_back({"key-" + s, "value-" + s, {{"source", "test"}, {"n", s}}, "item-" + s});
  }
  return out;
}

}  // namespace publishtest
