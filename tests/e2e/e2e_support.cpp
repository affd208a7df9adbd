#include "e2e/e2e_support.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/paths.h"

namespace e2e {

std::vector<Consumed> consume_all(const std::string& brokers, const std::string& topic) {
  auto r = testsupport::run({"kcat", "-b", brokers, "-t", topic, "-C", "-o", "beginning", "-e", "-q", "-J"}, "",
                            std::chrono::seconds(30));
  std::vector<Consumed> out;
  if (r.exit_code != 0) return out;
  std::istringstream lines(r.out);
  for (std::string line; std::getline(lines, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (j.is_discarded()) continue;
    Consumed c;
    c.key = j.value("key", "");
    c.value = j.value("payload", "");
    if (j.contains("headers") && j["headers"].is_array()) {
      const auto& h = j["headers"];
      for (std::size_t i = 0; i + 1 < h.size(); i += 2) c.headers[h[i].get<std::string>()] = h[i + 1].get<std::string>();
    }
    out.push_back(std::move(c));
  }
  return out;
}





std::string write_config(const std::string& dir, const std::string& brokers, int metrics_port,
                         const std::vector<std::pair<std::string, std::string>>& feeds) {
  std::string path = dir + "/newswatch.yaml";
  std::ofstream out(path);
  out << "sources:\n";
  for (const auto& [name, url] : feeds) out << "  - {name: " << name << ", url: \"" << url << "\", interval: 1s}\n";
  out << "kafka:\n  brokers: \"" << brokers << "\"\n  topic: newswatch.matches\n  flush_timeout: 5s\n";
  out << "metrics:\n  listen: 127.0.0.1:" << metrics_port << "\n";
  out << "state_dir: " << dir << "/state\n";
  out << "profiles: [" << testsupport::source_dir() << "/config/profiles/iran-russia-treaty.yaml]\n";
  return path;
}


}  // namespace e2e
