// Delivery guarantees under faults (docs/delivery.md), measured on the real newswatchd binary:
// a Kafka-protocol broker in this process (librdkafka's mock cluster: brokers taken down, request
// errors injected), a local HTTP server serving generated feeds with a known set of on-topic items,
// and an independent consumer counting what reached the topic per key. Each test prints a line
// "FAULTS <scenario>: expected=… records=… lost=… duplicated=…".
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <iostream>
#include <random>
#include <regex>
#include <thread>

#include "dedup/deduper.h"
#include "faults/faults_support.h"
#include "publish/embedded_broker.h"
#include "support/http_server.h"
#include "support/paths.h"
#include "support/process.h"

using namespace std::chrono_literals;
using testsupport::eventually;

namespace {

const std::string kTopic = "newswatch.matches";

class Faults : public ::testing::Test {
 protected:
  void TearDown() override {
    daemon_.reset();
    server_.reset();
    broker_.reset();
    if (!dir_.empty() && !HasFailure()) std::filesystem::remove_all(dir_);
    else if (!dir_.empty()) std::cout << "kept " << dir_ << " for inspection\n";
  }

  void start_world(int brokers, int partitions, std::vector<std::pair<std::string, std::string>> properties = {}) {
    dir_ = faults::make_temp_dir();
    std::filesystem::create_directories(dir_ + "/feeds");
    faults::write_feed(dir_ + "/feeds/wire.xml", {});
    server_ = std::make_unique<testsupport::HttpServer>(dir_ + "/feeds");
    std::string error;
    broker_ = publish::EmbeddedBroker::start(brokers, kTopic, partitions, error);
    ASSERT_TRUE(broker_) << error;
    metrics_port_ = testsupport::free_port();
    config_ = faults::write_config(dir_, broker_->bootstrap(), kTopic, metrics_port_, server_->url("/wire.xml"), properties);
  }
  // Appends items to the feed; the daemon sees them at its next poll.
  void add_items(int first, int n, int off_every) {
    for (auto& it : faults::make_items(first, n, off_every)) {
      if (it.on_topic) expected_.push_back(it.guid);
      items_.push_back(std::move(it));
    }
    faults::write_feed(dir_ + "/feeds/wire.xml", items_);
  }
  void start_daemon(const std::string& log_name, std::vector<std::string> prefix = {}) {
    log_path_ = dir_ + "/" + log_name;
    std::vector<std::string> argv = std::move(prefix);
    for (const auto& a : {faults::daemon_path(), std::string("run"), std::string("-c"), config_}) argv.push_back(a);
    daemon_ = std::make_unique<testsupport::Process>(argv, log_path_);
  }
  std::optional<int> stop_daemon() {
    daemon_->signal(SIGTERM);
    auto code = daemon_->wait_for_exit(60s);
    return code;
  }
  std::string scrape() { return faults::http_get("http://127.0.0.1:" + std::to_string(metrics_port_) + "/metrics"); }
  double metric(const std::string& name, const std::vector<std::string>& labels = {}) {
    return faults::metric(scrape(), name, labels);
  }
  std::string log() { return testsupport::read_file(log_path_); }
  bool spool_empty() {
    const std::string m = scrape();
    return m.find("newswatch_pending_messages") != std::string::npos && faults::metric(m, "newswatch_pending_messages") == 0;
  }
  faults::Topic topic() { return faults::read_topic(broker_->bootstrap(), kTopic, 30s); }
  // Every expected key in the topic, and the daemon's spool empty (everything recorded as published).
  bool all_arrived_and_recorded(std::chrono::milliseconds timeout) {
    const bool ok = eventually([&] {
      faults::Topic t = topic();
      return t.complete && faults::tally(t, expected_).lost == 0 && spool_empty();
    }, timeout);
    if (!ok) {
      const std::string m = scrape();
      std::cout << "not all arrived: " << faults::to_string(faults::tally(topic(), expected_))
                << " pending=" << faults::metric(m, "newswatch_pending_messages")
                << " queue=" << faults::metric(m, "newswatch_producer_queue_messages")
                << " acked=" << faults::metric(m, "newswatch_publish_total", {"result=\"acked\""})
                << " failed=" << faults::metric(m, "newswatch_publish_total", {"result=\"failed\""}) << std::endl;
    }
    return ok;
  }
  faults::Tally report(const std::string& scenario) {
    faults::Tally t = faults::tally(topic(), expected_);
    std::cout << "FAULTS " << scenario << ": " << faults::to_string(t) << std::endl;
    RecordProperty(scenario, faults::to_string(t));
    return t;
  }

  std::string dir_, config_, log_path_;
  int metrics_port_ = 0;
  std::unique_ptr<testsupport::HttpServer> server_;
  std::unique_ptr<publish::EmbeddedBroker> broker_;
  std::unique_ptr<testsupport::Process> daemon_;
  std::vector<faults::Item> items_;
  std::vector<std::string> expected_;  // guids of on-topic items, in feed order
};

// Given every broker of a three-broker cluster down for 60 s in the middle of a run while new
// on-topic items keep being matched, we should hold them (spool and producer queue, visible in
// /metrics), deliver all of them when the brokers return, in match order, none lost, none twice.
TEST_F(Faults, AllBrokersDownForSixtySeconds) {
  start_world(3, 1);
  add_items(0, 100, 10);
  start_daemon("daemon.log");
  ASSERT_TRUE(all_arrived_and_recorded(60s)) << log();

  const auto down = std::chrono::steady_clock::now();
  for (int b = 1; b <= 3; ++b) broker_->set_broker_up(b, false);
  add_items(100, 100, 10);
  ASSERT_TRUE(eventually([&] { return metric("newswatch_items_total", {"stage=\"matched\""}) >= expected_.size(); }, 30s)) << log();
  ASSERT_TRUE(eventually([&] { return metric("newswatch_pending_messages") >= 90; }, 10s)) << scrape();
  const double waiting = metric("newswatch_pending_messages");
  EXPECT_GE(metric("newswatch_producer_queue_messages"), 90) << "held in the producer's bounded queue";
  // The outage itself is the scenario: it lasts 60 s whatever the daemon does meanwhile.
  std::this_thread::sleep_until(down + 60s);
  EXPECT_EQ(metric("newswatch_publish_total", {"result=\"failed\""}), 0) << "nothing given up during the outage";
  for (int b = 1; b <= 3; ++b) broker_->set_broker_up(b, true);

  ASSERT_TRUE(all_arrived_and_recorded(90s)) << log();
  EXPECT_EQ(stop_daemon(), 0) << log();
  faults::Tally t = report("all brokers down 60 s (" + std::to_string(static_cast<int>(waiting)) + " items waited)");
  EXPECT_EQ(t.lost, 0u);
  EXPECT_EQ(t.duplicated, 0u);
  EXPECT_EQ(t.unexpected, 0u);
  EXPECT_EQ(topic().keys, expected_) << "one partition: the topic holds the items in match order";
}

// Given 20 kill -9s at random moments while the daemon starts, reads back, matches and publishes,
// each followed by a restart, we should end with every on-topic item in the topic exactly once.
TEST_F(Faults, TwentyKillNinesDuringHeavyPublishing) {
  start_world(1, 3);
  const unsigned seed = 20250117;
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> delay_ms(100, 1500);
  constexpr int kCycles = 20, kPerCycle = 25;
  for (int cycle = 0; cycle < kCycles; ++cycle) {
    add_items(cycle * kPerCycle, kPerCycle, 7);
    start_daemon("daemon-" + std::to_string(cycle) + ".log");
    // A random moment is the point of the test: anywhere from start-up to idle.
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(rng)));
    daemon_->signal(SIGKILL);
    ASSERT_TRUE(daemon_->wait_for_exit(10s).has_value());
  }
  start_daemon("daemon-final.log");
  ASSERT_TRUE(all_arrived_and_recorded(120s)) << log();
  EXPECT_EQ(stop_daemon(), 0) << log();

  // How often the read-back at start found items acknowledged but not recorded before a kill.
  std::size_t reconciled = 0;
  const std::regex found(R"((\d+) spooled items were already in the topic)");
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    if (entry.path().extension() != ".log") continue;
    const std::string text = testsupport::read_file(entry.path().string());
    for (std::sregex_iterator it(text.begin(), text.end(), found), end; it != end; ++it) reconciled += std::stoul((*it)[1]);
  }
  faults::Tally t = report("20 kill -9 (seed " + std::to_string(seed) + ", " + std::to_string(reconciled) +
                           " acked-but-unrecorded items found by read-back)");
  EXPECT_EQ(t.lost, 0u);
  EXPECT_EQ(t.duplicated, 0u);
  EXPECT_EQ(t.unexpected, 0u);
}

// Given the broker answers produce requests with transient errors (not leader, timed out, not
// enough replicas), we should retry until delivered: none lost, none twice.
TEST_F(Faults, TransientProduceErrors) {
  start_world(1, 1);
  std::vector<int> errors;
  for (int i = 0; i < 10; ++i) errors.insert(errors.end(), {6, 7, 19, 20});  // 40 failed Produce requests
  broker_->push_request_errors(0, errors);
  add_items(0, 100, 10);
  start_daemon("daemon.log");
  ASSERT_TRUE(all_arrived_and_recorded(90s)) << log();
  broker_->push_request_errors(0, errors);
  add_items(100, 100, 10);
  ASSERT_TRUE(all_arrived_and_recorded(90s)) << log();
  EXPECT_EQ(stop_daemon(), 0) << log();
  faults::Tally t = report("transient produce errors (2 x 40 injected)");
  EXPECT_EQ(t.lost, 0u);
  EXPECT_EQ(t.duplicated, 0u);
  EXPECT_EQ(t.unexpected, 0u);
}

// Given the broker refuses a produce request for good (message too large), we should put the
// refused items in the dead letters (file and metric) and deliver all the others once.
TEST_F(Faults, PermanentErrorGoesToDeadLetters) {
  start_world(1, 1);
  broker_->push_request_errors(0, {10});  // MESSAGE_TOO_LARGE for the first Produce request
  add_items(0, 50, 0);
  start_daemon("daemon.log");
  const std::string dead_file = dir_ + "/state/dead-letter.jsonl";
  ASSERT_TRUE(eventually([&] {
    faults::Tally t = faults::tally(topic(), expected_);
    return std::filesystem::exists(dead_file) && t.arrived + metric("newswatch_dead_letters_total") >= expected_.size() &&
           spool_empty();
  }, 60s)) << log();
  EXPECT_EQ(stop_daemon(), 0) << log();
  const std::string dead = testsupport::read_file(dead_file);
  const auto dead_lines = static_cast<std::size_t>(std::count(dead.begin(), dead.end(), '\n'));
  faults::Tally t = report("permanent error (" + std::to_string(dead_lines) + " dead-lettered)");
  EXPECT_GE(dead_lines, 1u);
  EXPECT_EQ(t.lost, dead_lines) << "every item not in the topic is in the dead letters";
  EXPECT_EQ(t.duplicated, 0u);
  for (const auto& [key, n] : topic().per_key) EXPECT_EQ(dead.find("\"" + key + "\""), std::string::npos) << key;
}

// Given the spool cannot grow (a file size limit on the daemon: the disk is "full"), we should say
// so clearly in the log and in /metrics, and produce nothing that was not stored; once space is
// back (a restart without the limit), every item arrives exactly once.
TEST_F(Faults, FullDiskForTheSpool) {
  ASSERT_EQ(testsupport::run({"prlimit", "--version"}).exit_code, 0) << "prlimit (util-linux) is required";
  start_world(1, 1);
  add_items(0, 150, 0);
  start_daemon("daemon-full.log", {"prlimit", "--fsize=196608", "--"});
  ASSERT_TRUE(eventually([&] { return metric("newswatch_spool_errors_total") >= 1; }, 60s)) << log();
  EXPECT_NE(log().find("spool: cannot store matched item"), std::string::npos) << log();
  EXPECT_EQ(stop_daemon(), 0) << log();
  faults::Topic during = topic();
  {
    std::string error;
    auto store = dedup::Store::open(dir_ + "/state", error);
    ASSERT_TRUE(store) << error;
    for (const auto& key : during.keys) EXPECT_TRUE(store->seen(key)) << "produced but never stored: " << key;
  }
  faults::Tally partial = faults::tally(during, expected_);
  EXPECT_GT(partial.lost, 0u) << "the limit should have stopped some items";
  EXPECT_EQ(partial.duplicated, 0u);

  start_daemon("daemon.log");
  ASSERT_TRUE(all_arrived_and_recorded(60s)) << log();
  EXPECT_EQ(stop_daemon(), 0) << log();
  faults::Tally t = report("full disk for the spool (" + std::to_string(partial.arrived) + " published before the limit, " +
                           std::to_string(partial.lost) + " held back unstored)");
  EXPECT_EQ(t.lost, 0u);
  EXPECT_EQ(t.duplicated, 0u);
  EXPECT_EQ(t.unexpected, 0u);
}

}  // namespace
