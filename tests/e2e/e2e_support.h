// What the end-to-end tests share: a running newswatchd with its sources, broker and consumer.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "publish/embedded_broker.h"
#include "support/daemon_harness.h"
#include "support/http_server.h"
#include "support/process.h"

namespace e2e {

using testsupport::daemon_path;
using testsupport::http_get;
using testsupport::metric_sum;
inline std::string make_temp_dir() { return testsupport::make_temp_dir("newswatch-e2e"); }

/// One message as the independent consumer (kcat) saw it.
struct Consumed {
  std::string key, value;
  std::map<std::string, std::string> headers;
};

/// Consumes the whole topic from the beginning with kcat; empty when kcat fails.
std::vector<Consumed> consume_all(const std::string& brokers, const std::string& topic);
/// Writes a daemon config: every feed in `feeds` as a source polled each second.
std::string write_config(const std::string& dir, const std::string& brokers, int metrics_port,
                         const std::vector<std::pair<std::string, std::string>>& feeds);

}  // namespace e2e
