// check_broker(): one metadata request for all topics (asking for one topic by name could make
// a broker with auto.create.topics.enable create it), then look for ours.
#include <string_view>

#include "publish/kafka_handle.h"

namespace publish {
namespace {

// "" if `topic` is listed with partitions and no error, else why not.
std::string find_topic(const rd_kafka_metadata_t& md, const Options& o) {
  for (int i = 0; i < md.topic_cnt; ++i) {
    const rd_kafka_metadata_topic_t& t = md.topics[i];
    if (std::string_view(t.topic) != o.topic) continue;
    if (t.err)
      return "publish: topic '" + o.topic + "' on " + o.brokers + ": " + rd_kafka_err2str(t.err);
    if (t.partition_cnt <= 0) return "publish: topic '" + o.topic + "' has no partitions";
    return {};
  }
  return "publish: topic '" + o.topic + "' does not exist on " + o.brokers +
         " (create it, newswatch does not)";
}

}  // namespace

std::string check_broker(const Options& o, std::chrono::milliseconds timeout) {
  std::string error;
  ConfPtr conf = make_conf(o, Purpose::kCheck, error);
  if (!conf) return error;
  rd_kafka_conf_set_log_cb(conf.get(), nullptr);  // the returned error says it all
  HandlePtr rk = make_producer(std::move(conf), error);
  if (!rk) return error;
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t err =
      rd_kafka_metadata(rk.get(), 1, nullptr, &md, static_cast<int>(timeout.count()));
  if (err) {
    return "publish: cannot reach Kafka at " + o.brokers + " within " +
           std::to_string(timeout.count()) + " ms: " + rd_kafka_err2str(err);
  }
  error = find_topic(*md, o);
  rd_kafka_metadata_destroy(md);
  return error;
}

}  // namespace publish
