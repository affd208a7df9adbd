#include "faults/faults_support.h"

#include <curl/curl.h>
#include <librdkafka/rdkafka.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <sstream>

#include "support/paths.h"

namespace faults {
namespace {

const char* const kDomains[] = {"energy", "transport corridor", "banking", "nuclear power", "grain trade",
                                "customs", "space research", "education", "health", "tourism"};
const char* const kCities[] = {"Moscow", "Tehran", "Kazan", "Isfahan", "Astrakhan"};

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

}  // namespace

std::vector<Item> make_items(int first, int n, int off_every) {
  std::vector<Item> out;
  for (int i = first; i < first + n; ++i) {
    const std::string num = std::to_string(i);
    const std::string domain = kDomains[i % 10], city = kCities[(i / 10) % 5];
    Item it;
    it.guid = "fault-item-" + num;
    if (off_every > 0 && i % off_every == 0) {
      it.on_topic = false;
      it.title = "Regional football cup: round " + num + " ends in a draw in " + city;
      it.text = "The home side and the visitors shared the points after a goalless afternoon, match report " + num + ".";
    } else if (i % 3 == 0) {
      it.title = "Iran and Russia sign agreement on " + domain + " cooperation in " + city + " (" + num + ")";
      it.text = "Iran and Russia signed an intergovernmental agreement on " + domain + " cooperation, officials said, " +
                "implementing the Comprehensive Strategic Partnership Treaty between the two countries. Ref " + num + ".";
    } else if (i % 3 == 1) {
      it.title = "Russia and Iran ratify " + domain + " protocol to their strategic partnership treaty, item " + num;
      it.text = "The Russian and Iranian parliaments ratified a protocol on " + domain +
                " under the treaty on comprehensive strategic partnership between Russia and Iran. Ref " + num + ".";
    } else {
      it.title = "Tehran and Moscow: " + domain + " memorandum signed under Iran–Russia treaty #" + num;
      it.text = "Iranian and Russian ministers signed a memorandum of understanding on " + domain + " in " + city +
                ", a step under the Iran–Russia comprehensive strategic partnership treaty. Ref " + num + ".";
    }
    out.push_back(std::move(it));
  }
  return out;
}

void write_feed(const std::string& path, const std::vector<Item>& items) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp);
    out << "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel>\n"
        << "<title>Fault injection wire (generated)</title><link>http://127.0.0.1/</link>"
        << "<description>Generated items</description><language>en</language>\n";
    for (const auto& it : items) {
      out << "<item><title>" << xml_escape(it.title) << "</title><link>http://127.0.0.1/news/" << it.guid
          << "</link><guid isPermaLink=\"false\">" << it.guid << "</guid><pubDate>Fri, 17 Jan 2025 12:00:00 GMT</pubDate>"
          << "<description>" << xml_escape(it.text) << "</description></item>\n";
    }
    out << "</channel></rss>\n";
  }
  std::filesystem::rename(tmp, path);
}

Topic read_topic(const std::string& bootstrap, const std::string& topic, std::chrono::milliseconds timeout) {
  Topic t;
  char err[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", bootstrap.c_str(), err, sizeof err);
  rd_kafka_conf_set(conf, "group.id", "faults-counter", err, sizeof err);
  rd_kafka_conf_set(conf, "enable.auto.commit", "false", err, sizeof err);
  rd_kafka_conf_set(conf, "enable.partition.eof", "true", err, sizeof err);
  rd_kafka_conf_set_log_cb(conf, nullptr);
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (!rk) return t;
  const int ms = static_cast<int>(timeout.count());
  const rd_kafka_metadata_t* md = nullptr;
  int partitions = 0;
  if (!rd_kafka_metadata(rk, 1, nullptr, &md, ms)) {
    for (int i = 0; i < md->topic_cnt; ++i)
      if (topic == md->topics[i].topic) partitions = md->topics[i].partition_cnt;
    rd_kafka_metadata_destroy(md);
  }
  std::vector<std::int64_t> end(static_cast<std::size_t>(partitions), 0);
  rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(partitions);
  bool ok = partitions > 0;
  for (int p = 0; p < partitions; ++p) {
    std::int64_t low = 0, high = 0;
    ok = ok && !rd_kafka_query_watermark_offsets(rk, topic.c_str(), p, &low, &high, ms);
    end[static_cast<std::size_t>(p)] = high;
    if (high > low) rd_kafka_topic_partition_list_add(parts, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  }
  std::map<int, std::vector<std::string>> by_partition;
  int open = parts->cnt;
  if (ok && open > 0) rd_kafka_assign(rk, parts);
  rd_kafka_topic_partition_list_destroy(parts);
  std::set<int> done;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (ok && open > 0 && std::chrono::steady_clock::now() < deadline) {
    rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 100);
    if (!m) continue;
    const int p = m->partition;
    std::int64_t next = -1;
    if (!m->err) {
      by_partition[p].emplace_back(m->key ? std::string(static_cast<const char*>(m->key), m->key_len) : "");
      next = m->offset + 1;
    } else if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      next = m->offset;
    }
    if (p >= 0 && p < partitions && next >= end[static_cast<std::size_t>(p)] && done.insert(p).second) --open;
    rd_kafka_message_destroy(m);
  }
  rd_kafka_consumer_close(rk);
  rd_kafka_destroy(rk);
  t.complete = ok && open == 0;
  for (auto& [p, keys] : by_partition)
    for (auto& k : keys) {
      ++t.per_key[k];
      t.keys.push_back(std::move(k));
    }
  return t;
}

Tally tally(const Topic& t, const std::vector<std::string>& expected_keys) {
  Tally r;
  r.expected = expected_keys.size();
  r.arrived = t.keys.size();
  std::set<std::string> want(expected_keys.begin(), expected_keys.end());
  for (const auto& k : want) {
    auto it = t.per_key.find(k);
    if (it == t.per_key.end()) ++r.lost;
    else r.duplicated += static_cast<std::size_t>(it->second - 1);
  }
  for (const auto& [k, n] : t.per_key)
    if (!want.count(k)) r.unexpected += static_cast<std::size_t>(n);
  return r;
}

std::string to_string(const Tally& t) {
  return "expected=" + std::to_string(t.expected) + " records=" + std::to_string(t.arrived) +
         " lost=" + std::to_string(t.lost) + " duplicated=" + std::to_string(t.duplicated) +
         " unexpected=" + std::to_string(t.unexpected);
}

std::string write_config(const std::string& dir, const std::string& brokers, const std::string& topic,
                         int metrics_port, const std::string& feed_url,
                         const std::vector<std::pair<std::string, std::string>>& extra_properties) {
  std::string path = dir + "/newswatch.yaml";
  std::ofstream out(path);
  out << "sources:\n  - {name: wire, url: \"" << feed_url << "\", interval: 1s}\n";
  out << "kafka:\n  brokers: \"" << brokers << "\"\n  topic: " << topic << "\n  flush_timeout: 5s\n";
  out << "  properties: {reconnect.backoff.ms: \"50\", reconnect.backoff.max.ms: \"500\"";
  for (const auto& [k, v] : extra_properties) out << ", " << k << ": \"" << v << "\"";
  out << "}\n";
  out << "metrics:\n  listen: 127.0.0.1:" << metrics_port << "\n";
  out << "state_dir: " << dir << "/state\n";
  out << "profiles: [" << testsupport::source_dir() << "/config/profiles/iran-russia-treaty.yaml]\n";
  return path;
}






}  // namespace faults
