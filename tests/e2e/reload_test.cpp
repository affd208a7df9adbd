// Reloading profiles in a running daemon, as an operator tunes one: the real binary, a real HTTP
// source, a Kafka-protocol broker on loopback and kcat.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "e2e/e2e_support.h"
#include "support/paths.h"

using namespace std::chrono_literals;
using testsupport::eventually;

namespace {

const std::string kTopic = "newswatch.matches";

std::string item(const std::string& guid, const std::string& title, const std::string& text) {
  return "<item><title>" + title + "</title><guid isPermaLink=\"false\">" + guid + "</guid><description>" + text +
         "</description></item>";
}

void write_feed(const std::string& path, const std::string& items) {
  std::ofstream(path) << "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>reload</title>" << items
                      << "</channel></rss>";
}

// The shipped profile with another threshold.
void write_profile(const std::string& path, const std::string& threshold) {
  std::string text = testsupport::read_file(testsupport::source_dir() + "/config/profiles/iran-russia-treaty.yaml");
  std::ofstream(path) << std::regex_replace(text, std::regex("\nmatch_threshold: [0-9.]+"), "\nmatch_threshold: " + threshold);
}

// Given a profile too strict to match anything, we should publish nothing; after the operator
// relaxes it and sends SIGHUP, we should publish the next on-topic item without a restart.
TEST(Reload, ProfileChangeAppliesWithoutRestart) {
  ASSERT_EQ(testsupport::run({"kcat", "-V"}).exit_code, 0) << "kcat is required";
  std::string dir = e2e::make_temp_dir();
  std::string feeds = dir + "/feeds";
  std::filesystem::create_directories(feeds);
  const std::string first = item("reload-1", "Iran and Russia sign a treaty on energy cooperation",
                                 "The presidents of Iran and Russia signed the treaty in Moscow.");
  write_feed(feeds + "/wire.xml", first);
  testsupport::HttpServer server(feeds);
  std::string error;
  auto broker = publish::EmbeddedBroker::start(1, kTopic, 1, error);
  ASSERT_TRUE(broker) << error;
  int metrics_port = testsupport::free_port();
  std::string config = e2e::write_config(dir, broker->bootstrap(), metrics_port, {{"wire", server.url("/wire.xml")}});
  // Point the config at an editable copy of the profile.
  std::string profile = dir + "/profile.yaml";
  write_profile(profile, "1000");
  std::string text = testsupport::read_file(config);
  std::ofstream(config) << std::regex_replace(text, std::regex("profiles: \\[.*\\]"), "profiles: [" + profile + "]");

  testsupport::Process daemon({e2e::daemon_path(), "run", "-c", config}, dir + "/daemon.log");
  auto scrape = [&] { return e2e::http_get("http://127.0.0.1:" + std::to_string(metrics_port) + "/metrics"); };
  ASSERT_TRUE(eventually([&] { return e2e::metric_sum(scrape(), "newswatch_items_total", {"stage=\"new\""}) >= 1; }, 30s))
      << testsupport::read_file(dir + "/daemon.log");
  EXPECT_EQ(e2e::metric_sum(scrape(), "newswatch_items_total", {"stage=\"matched\""}), 0);

  write_profile(profile, "1.75");
  daemon.signal(SIGHUP);
  ASSERT_TRUE(eventually([&] { return e2e::metric_sum(scrape(), "newswatch_config_reloads_total", {"result=\"success\""}) >= 1; }, 30s))
      << testsupport::read_file(dir + "/daemon.log");
  write_feed(feeds + "/wire.xml", first + item("reload-2", "Russia and Iran ratify their partnership treaty",
                                               "Parliaments in Moscow and Tehran ratified the treaty between Russia and Iran."));
  std::vector<e2e::Consumed> got;
  ASSERT_TRUE(eventually([&] { return !(got = e2e::consume_all(broker->bootstrap(), kTopic)).empty(); }, 30s))
      << testsupport::read_file(dir + "/daemon.log");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].key, "reload-2") << "the item seen under the strict profile stays decided";
  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_for_exit(30s), 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
