// What tests that run the real newswatchd share: where the binary is, scratch directories, plain
// HTTP GETs on loopback, and reading values out of a /metrics scrape.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace testsupport {

/// The newswatchd binary of this build.
std::string daemon_path();
/// A fresh empty directory under the system temp dir, named after `prefix`.
std::string make_temp_dir(const std::string& prefix);

struct HttpReply {
  long status = 0;  ///< 0 when nothing answered
  std::string body;
};
/// GET with a 5 s timeout.
HttpReply http_fetch(const std::string& url);
/// The body of a GET; empty when nothing answered.
inline std::string http_get(const std::string& url) { return http_fetch(url).body; }

/// Sum of every sample of `name` whose label set contains all of `labels` (e.g. `stage="new"`);
/// nullopt when no sample matches.
std::optional<double> metric_value(const std::string& scrape, const std::string& name,
                                   const std::vector<std::string>& labels = {});
/// As metric_value(), 0 when no sample matches.
inline double metric_sum(const std::string& scrape, const std::string& name, const std::vector<std::string>& labels = {}) {
  return metric_value(scrape, name, labels).value_or(0);
}

}  // namespace testsupport
