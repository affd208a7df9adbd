#include "e2e/e2e_support.h"

#include <curl/curl.h>
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

namespace {
std::size_t append(char* data, std::size_t size, std::size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}
}  // namespace

std::string http_get(const std::string& url) {
  std::string body;
  CURL* h = curl_easy_init();
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, 5000L);
  CURLcode rc = curl_easy_perform(h);
  curl_easy_cleanup(h);
  return rc == CURLE_OK ? body : std::string();
}

double metric_sum(const std::string& scrape, const std::string& name, const std::vector<std::string>& labels) {
  double sum = 0;
  std::istringstream lines(scrape);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(name, 0) != 0) continue;
    char next = line.size() > name.size() ? line[name.size()] : '\0';
    if (next != '{' && next != ' ') continue;  // another metric sharing the prefix
    bool all = true;
    for (const auto& l : labels) all = all && line.find(l) != std::string::npos;
    if (all) sum += std::stod(line.substr(line.rfind(' ') + 1));
  }
  return sum;
}

std::string make_temp_dir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "newswatch-e2e-XXXXXX").string();
  return mkdtemp(tmpl.data());
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

std::string daemon_path() { return testsupport::binary_dir() + "/daemon/newswatchd"; }

}  // namespace e2e
