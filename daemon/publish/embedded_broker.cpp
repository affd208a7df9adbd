// EmbeddedBroker on librdkafka's mock cluster. The cluster needs an rd_kafka_t to host it; that
// handle never connects anywhere and stays silent.
#include "publish/embedded_broker.h"

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>  // after rdkafka.h, which it needs

#include <algorithm>
#include <vector>

#include "publish/kafka_handle.h"

namespace publish {

struct EmbeddedBroker::Impl {
  ~Impl() {
    if (cluster) rd_kafka_mock_cluster_destroy(cluster);  // before its host handle
  }
  HandlePtr host;
  rd_kafka_mock_cluster_t* cluster = nullptr;
};

std::unique_ptr<EmbeddedBroker> EmbeddedBroker::start(int brokers, const std::string& topic,
                                                      int partitions, std::string& error) {
  if (brokers < 1 || partitions < 1) {
    error = "publish: embedded broker needs at least one broker and one partition";
    return nullptr;
  }
  ConfPtr conf(rd_kafka_conf_new());
  rd_kafka_conf_set_log_cb(conf.get(), nullptr);  // no bootstrap.servers: nothing useful to log
  auto impl = std::make_unique<Impl>();
  impl->host = make_producer(std::move(conf), error);
  if (!impl->host) return nullptr;
  impl->cluster = rd_kafka_mock_cluster_new(impl->host.get(), brokers);
  if (!impl->cluster) {
    error = "publish: cannot start the embedded broker";
    return nullptr;
  }
  // Created explicitly so that consumers and check_broker() see it before anything is produced.
  rd_kafka_resp_err_t err =
      rd_kafka_mock_topic_create(impl->cluster, topic.c_str(), partitions, std::min(brokers, 3));
  if (err) {
    error = "publish: embedded broker: topic '" + topic + "': " + rd_kafka_err2str(err);
    return nullptr;
  }
  return std::unique_ptr<EmbeddedBroker>(new EmbeddedBroker(std::move(impl)));
}

EmbeddedBroker::EmbeddedBroker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
EmbeddedBroker::~EmbeddedBroker() = default;

std::string EmbeddedBroker::bootstrap() const {
  return rd_kafka_mock_cluster_bootstraps(impl_->cluster);
}

void EmbeddedBroker::set_broker_up(int broker_id, bool up) {
  if (up)
    rd_kafka_mock_broker_set_up(impl_->cluster, broker_id);
  else
    rd_kafka_mock_broker_set_down(impl_->cluster, broker_id);
}

void EmbeddedBroker::push_request_errors(int api_key, const std::vector<int>& errors) {
  std::vector<rd_kafka_resp_err_t> errs;
  for (int e : errors) errs.push_back(static_cast<rd_kafka_resp_err_t>(e));
  rd_kafka_mock_push_request_errors_array(impl_->cluster, static_cast<int16_t>(api_key), errs.size(), errs.data());
}

}  // namespace publish
