// What the end-to-end tests share: a running newswatchd with its sources, broker and consumer.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "publish/embedded_broker.h"
#include "support/http_server.h"
#include "support/process.h"

namespace e2e {

/// One message as the independent consumer (kcat) saw it.
struct Consumed {
  std::string key, value;
  std::map<std::string, std::string> headers;
};

/// Consumes the whole topic from the beginning with kcat; empty when kcat fails.
std::vector<Consumed> consume_all(const std::string& brokers, const std::string& topic);
/// GET over HTTP on loopback; empty string on failure.
std::string http_get(const std::string& url);
/// Sum of every sample of `name` whose label set contains all `labels` (e.g. {"stage=\"new\""}).
double metric_sum(const std::string& scrape, const std::string& name, const std::vector<std::string>& labels = {});
/// A fresh empty directory under the system temp dir.
std::string make_temp_dir();
/// Writes a daemon config: every feed in `feeds` as a source polled each second.
std::string write_config(const std::string& dir, const std::string& brokers, int metrics_port,
                         const std::vector<std::pair<std::string, std::string>>& feeds);
/// Path of the built daemon.
std::string daemon_path();

}  // namespace e2e
