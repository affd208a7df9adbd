// The monitoring assets in deploy/: Prometheus alert rules (promtool check + unit tests), the
// Grafana dashboard and its provisioning. Names are checked against a live scrape in live_test.cpp.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "deploy/deploy_support.h"
#include "support/paths.h"

using testsupport::read_file;
using testsupport::run;

// Given the alerting rules, we should pass `promtool check rules`.
TEST(AlertRules, PromtoolCheck) {
  if (!deploy::have("promtool")) GTEST_SKIP() << "promtool is not installed (package prometheus)";
  auto r = run({"promtool", "check", "rules", deploy::deploy_dir() + "/prometheus/alerts.yml"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::cout << r.out;
}

// Given alerts.test.yml (a case per alert: fires on the bad series, silent on the healthy one),
// we should pass `promtool test rules`.
TEST(AlertRules, PromtoolUnitTests) {
  if (!deploy::have("promtool")) GTEST_SKIP() << "promtool is not installed (package prometheus)";
  auto r = run({"promtool", "test", "rules", deploy::deploy_dir() + "/prometheus/alerts.test.yml"}, "",
               std::chrono::minutes(2));
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  std::cout << r.out << r.err;
}

// Given the alerts we promise (stale, failing, blocked source; all fetching failing; publishing
// failing; queue growing; daemon down; no match for long), we should find each in the rules and
// each covered by a unit test case.
TEST(AlertRules, CoverTheIssue) {
  std::string rules = read_file(deploy::deploy_dir() + "/prometheus/alerts.yml");
  std::string tests = read_file(deploy::deploy_dir() + "/prometheus/alerts.test.yml");
  for (const char* alert : {"NewswatchSourceStale", "NewswatchSourceFailing", "NewswatchSourceBlocked",
                            "NewswatchAllFetchesFailing", "NewswatchPublishFailing", "NewswatchQueueGrowing",
                            "NewswatchDown", "NewswatchNoMatches"}) {
    EXPECT_NE(rules.find(std::string("alert: ") + alert), std::string::npos) << alert;
    EXPECT_NE(tests.find(std::string("alertname: ") + alert), std::string::npos) << alert;
  }
}

// Given the Grafana dashboard, we should find valid JSON with a query on every panel and a panel
// for every stage (fetch, parse, dedup, classify, publish) plus the daemon itself.
TEST(Dashboard, HasAPanelPerStage) {
  auto dash = nlohmann::json::parse(read_file(deploy::deploy_dir() + "/grafana/dashboards/newswatch.json"));
  EXPECT_EQ(dash["uid"], "newswatch");
  std::string titles;
  for (const auto& p : dash["panels"]) {
    ASSERT_FALSE(p["targets"].empty()) << p["title"];
    for (const auto& t : p["targets"]) EXPECT_FALSE(t["expr"].get<std::string>().empty()) << p["title"];
    titles += p["title"].get<std::string>() + "\n";
  }
  for (const char* stage : {"Daemon", "Fetch", "Parse", "Dedup", "Classify", "Publish"}) {
    EXPECT_NE(titles.find(stage), std::string::npos) << stage;
  }
  // Provisioning points at the dashboard folder and the datasource uid the panels use.
  std::string ds = read_file(deploy::deploy_dir() + "/grafana/provisioning/datasources/newswatch.yaml");
  EXPECT_NE(ds.find("uid: newswatch-prometheus"), std::string::npos);
  std::string alerting = read_file(deploy::deploy_dir() + "/grafana/provisioning/alerting/newswatch.yaml");
  EXPECT_NE(alerting.find("datasourceUid: newswatch-prometheus"), std::string::npos);
}
