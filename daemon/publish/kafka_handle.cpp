#include "publish/kafka_handle.h"

#include <utility>
#include <vector>

#include "core/version.h"

namespace publish {
namespace {

bool set(rd_kafka_conf_t* conf, const std::string& name, const std::string& value,
         std::string& error) {
  char errstr[512];
  if (rd_kafka_conf_set(conf, name.c_str(), value.c_str(), errstr, sizeof errstr) ==
      RD_KAFKA_CONF_OK)
    return true;
  error = "publish: property '" + name + "': " + errstr;
  return false;
}

std::vector<std::pair<std::string, std::string>> defaults(const Options& o, Purpose purpose) {
  std::vector<std::pair<std::string, std::string>> d = {
      {"bootstrap.servers", o.brokers},
      {"client.id", std::string(core::kDaemonName) + "/" + core::kVersion},
  };
  if (purpose == Purpose::kProduce) {
    d.emplace_back("enable.idempotence", "true");  // retries never duplicate or reorder
    d.emplace_back("acks", "all");                 // implied by idempotence; stated for readers
    d.emplace_back("statistics.interval.ms", "5000");  // queue depth, RTT, errors → metrics
    // One request in flight: order and no loss even where a broker's idempotence bookkeeping is
    // imperfect after errors (measured against librdkafka's mock cluster: docs/delivery.md). Our
    // rate is a few messages a minute, so the throughput of pipelining buys nothing.
    d.emplace_back("max.in.flight.requests.per.connection", "1");
  }
  return d;
}

}  // namespace

ConfPtr make_conf(const Options& o, Purpose purpose, std::string& error) {
  if (o.brokers.empty()) {
    error = "publish: no brokers configured";
    return nullptr;
  }
  ConfPtr conf(rd_kafka_conf_new());
  for (const auto& [name, value] : defaults(o, purpose))
    if (!set(conf.get(), name, value, error)) return nullptr;
  for (const auto& [name, value] : o.properties)
    if (!set(conf.get(), name, value, error)) return nullptr;
  return conf;
}

HandlePtr make_producer(ConfPtr conf, std::string& error) {
  char errstr[512];
  HandlePtr rk(rd_kafka_new(RD_KAFKA_PRODUCER, conf.get(), errstr, sizeof errstr));
  if (!rk) {
    error = std::string("publish: cannot create producer: ") + errstr;
    return nullptr;
  }
  conf.release();  // now owned by rk
  return rk;
}

}  // namespace publish
