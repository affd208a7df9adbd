// End to end, as a user runs it: the real newswatchd binary polls feeds served by a real HTTP
// server on 127.0.0.1, publishes to a Kafka-protocol broker on loopback, and an independent
// consumer (kcat) reads the topic. /metrics is scraped over HTTP.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "e2e/e2e_support.h"
#include "support/paths.h"

using namespace std::chrono_literals;
using testsupport::eventually;

namespace {

const std::string kTopic = "newswatch.matches";

struct Expected {
  std::set<std::string> on_topic, off_topic;  // last path segment of each item's link
};

Expected load_expected() {
  auto j = nlohmann::json::parse(testsupport::read_file(testsupport::testdata_dir() + "/e2e/testdata/expected.json"));
  return {j["on_topic"].get<std::set<std::string>>(), j["off_topic"].get<std::set<std::string>>()};
}

// "http://h/news/treaty-signed?utm_source=rss" → "treaty-signed"
std::string slug(const std::string& url) {
  std::string path = url.substr(0, url.find('?'));
  return path.substr(path.rfind('/') + 1);
}

class EndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(testsupport::run({"kcat", "-V"}).exit_code, 0) << "kcat is required (scripts/install-deps.sh)";
    dir_ = e2e::make_temp_dir();
    server_ = std::make_unique<testsupport::HttpServer>(testsupport::testdata_dir() + "/e2e/testdata/feeds");
    std::string error;
    broker_ = publish::EmbeddedBroker::start(1, kTopic, 1, error);
    ASSERT_TRUE(broker_) << error;
    metrics_port_ = testsupport::free_port();
    config_ = e2e::write_config(dir_, broker_->bootstrap(), metrics_port_,
                                {{"wire", server_->url("/wire.xml")},
                                 {"agency", server_->url("/agency.atom")},
                                 {"ministry", server_->url("/ministry.rdf")}});
  }
  void TearDown() override {
    daemon_.reset();
    std::filesystem::remove_all(dir_);
  }

  void start_daemon() {
    daemon_ = std::make_unique<testsupport::Process>(
        std::vector<std::string>{e2e::daemon_path(), "run", "-c", config_}, dir_ + "/daemon.log");
  }
  // SIGTERM, then the exit code of a clean drain.
  std::optional<int> stop_daemon() {
    daemon_->signal(SIGTERM);
    return daemon_->wait_for_exit(30s);
  }
  std::string scrape() { return e2e::http_get("http://127.0.0.1:" + std::to_string(metrics_port_) + "/metrics"); }
  std::string log() { return testsupport::read_file(dir_ + "/daemon.log"); }

  std::string dir_, config_;
  int metrics_port_ = 0;
  std::unique_ptr<testsupport::HttpServer> server_;
  std::unique_ptr<publish::EmbeddedBroker> broker_;
  std::unique_ptr<testsupport::Process> daemon_;
};

// Given three feeds (RSS 2.0, Atom, RSS 1.0) with on- and off-topic items in several languages,
// we should publish every on-topic item exactly once with a schema-valid message, nothing else,
// answer later polls with conditional GETs that cost no parse, count it all in /metrics, and
// republish nothing after a restart.
TEST_F(EndToEnd, PublishesEachOnTopicItemOnceAcrossRestart) {
  const Expected expected = load_expected();
  start_daemon();

  // Every on-topic item arrives.
  std::vector<e2e::Consumed> got;
  ASSERT_TRUE(eventually([&] { return (got = e2e::consume_all(broker_->bootstrap(), kTopic)).size() >= expected.on_topic.size(); }, 60s))
      << "consumed " << got.size() << "\n" << log();
  // Let every source be polled again (answered 304) so a duplicate would have had its chance.
  ASSERT_TRUE(eventually([&] { return e2e::metric_sum(scrape(), "newswatch_fetches_total", {"outcome=\"not_modified\""}) >= 6; }, 30s)) << log();
  got = e2e::consume_all(broker_->bootstrap(), kTopic);

  std::multiset<std::string> slugs;
  std::string values;
  for (const auto& m : got) {
    auto v = nlohmann::json::parse(m.value);
    slugs.insert(slug(v["url"]));
    EXPECT_EQ(m.key, v["id"]) << "the key is the item id";
    EXPECT_EQ(m.headers.at("ce_id"), v["id"]);
    EXPECT_EQ(m.headers.at("ce_specversion"), "1.0");
    EXPECT_EQ(m.headers.at("profile"), v["profile"]);
    EXPECT_EQ(m.headers.at("schema_version"), "1");
    values += m.value + "\n";
  }
  for (const auto& s : expected.on_topic) EXPECT_EQ(slugs.count(s), 1u) << "on-topic item " << s;
  for (const auto& s : expected.off_topic) EXPECT_EQ(slugs.count(s), 0u) << "off-topic item " << s;
  EXPECT_EQ(got.size(), expected.on_topic.size());

  // Every message is valid against the schema in the repo.
  auto valid = testsupport::run({"/usr/bin/python3", testsupport::testdata_dir() + "/support/validate_json.py",
                                 testsupport::source_dir() + "/docs/message.schema.json"}, values);
  EXPECT_EQ(valid.exit_code, 0) << valid.out << valid.err;

  // /metrics: three documents parsed (the 304s parsed nothing), the counts of items.
  std::string m = scrape();
  EXPECT_EQ(e2e::metric_sum(m, "newswatch_documents_parsed_total"), 3) << m;
  EXPECT_EQ(e2e::metric_sum(m, "newswatch_fetches_total", {"outcome=\"ok\""}), 3) << m;
  EXPECT_EQ(e2e::metric_sum(m, "newswatch_items_total", {"stage=\"parsed\""}), 12) << m;
  EXPECT_EQ(e2e::metric_sum(m, "newswatch_items_total", {"stage=\"matched\""}), expected.on_topic.size()) << m;
  EXPECT_EQ(e2e::metric_sum(m, "newswatch_publish_total", {"result=\"acked\""}), expected.on_topic.size()) << m;
  EXPECT_GT(e2e::metric_sum(m, "newswatch_source_last_success_timestamp_seconds", {"source=\"wire\""}), 1.7e9);
  // The HTTP server saw conditional requests answered with 304.
  auto stats = nlohmann::json::parse(server_->stats_json());
  EXPECT_GE(stats["/wire.xml"]["304"].get<int>(), 2) << stats.dump();

  // A clean stop, then a restart with the same state: everything is a duplicate now.
  ASSERT_EQ(stop_daemon(), 0) << log();
  start_daemon();
  ASSERT_TRUE(eventually([&] { return e2e::metric_sum(scrape(), "newswatch_items_total", {"stage=\"duplicate\""}) >= 12; }, 30s)) << log();
  m = scrape();
  EXPECT_EQ(e2e::metric_sum(m, "newswatch_items_total", {"stage=\"new\""}), 0) << m;
  EXPECT_EQ(e2e::consume_all(broker_->bootstrap(), kTopic).size(), expected.on_topic.size()) << "a restart republished";
  ASSERT_EQ(stop_daemon(), 0) << log();
}

// Given `brokers: embedded`, we should start an in-process broker, say where it is, and serve an
// independent consumer from it.
TEST(EndToEndEmbedded, EmbeddedBrokerServesAnIndependentConsumer) {
  ASSERT_EQ(testsupport::run({"kcat", "-V"}).exit_code, 0) << "kcat is required";
  std::string dir = e2e::make_temp_dir();
  testsupport::HttpServer server(testsupport::testdata_dir() + "/e2e/testdata/feeds");
  std::string config = e2e::write_config(dir, "embedded", testsupport::free_port(), {{"wire", server.url("/wire.xml")}});
  testsupport::Process daemon({e2e::daemon_path(), "run", "-c", config}, dir + "/daemon.log");
  std::string addr_file = dir + "/state/embedded-broker.addr";
  ASSERT_TRUE(eventually([&] { return std::filesystem::exists(addr_file); }, 30s)) << testsupport::read_file(dir + "/daemon.log");
  std::string addr = testsupport::read_file(addr_file);
  addr.erase(addr.find_last_not_of("\n") + 1);
  EXPECT_NE(testsupport::read_file(dir + "/daemon.log").find("kcat -b " + addr), std::string::npos);
  std::vector<e2e::Consumed> got;
  EXPECT_TRUE(eventually([&] { return (got = e2e::consume_all(addr, kTopic)).size() >= 4; }, 60s))
      << testsupport::read_file(dir + "/daemon.log");
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_for_exit(30s), 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
