// The running daemon as an operator sees it: /metrics checked by promtool and against every metric
// the rules and dashboards name, /healthz and /readyz, the sd_notify conversation, SIGHUP reloads,
// the status page rendered by headless Chromium, and a real Prometheus firing an alert.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "deploy/deploy_support.h"
#include "support/paths.h"

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using testsupport::eventually;
using testsupport::read_file;
using testsupport::run;

namespace {

// Our own feeds: the e2e fixtures (on- and off-topic items) and one that is not XML at all.
class Live : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = deploy::make_temp_dir();
    fs::create_directories(dir_ + "/feeds");
    for (const char* f : {"wire.xml", "agency.atom"}) {
      fs::copy_file(testsupport::testdata_dir() + "/e2e/testdata/feeds/" + f, dir_ + "/feeds/" + f);
    }
    deploy::write_file(dir_ + "/feeds/broken.xml", "this is not a feed <rss");
    server_ = std::make_unique<testsupport::HttpServer>(dir_ + "/feeds");
  }
  void TearDown() override {
    daemon_.reset();
    server_.reset();
    fs::remove_all(dir_);
  }
  void start(const std::vector<std::pair<std::string, std::string>>& sources, const std::string& notify = "") {
    daemon_ = std::make_unique<deploy::Daemon>(dir_, sources, notify);
    ASSERT_TRUE(daemon_->wait_ready(30)) << daemon_->log();
  }
  std::vector<std::pair<std::string, std::string>> usual_sources() {
    return {{"wire", server_->url("/wire.xml")},
            {"agency", server_->url("/agency.atom")},
            {"broken", server_->url("/broken.xml")},
            {"failing", server_->url("/__status/500")}};
  }
  double metric(const std::string& name, const std::vector<std::string>& labels = {}) {
    return deploy::metric(daemon_->scrape(), name, labels);
  }

  std::string dir_;
  std::unique_ptr<testsupport::HttpServer> server_;
  std::unique_ptr<deploy::Daemon> daemon_;
};

}  // namespace

// Given a daemon started with NOTIFY_SOCKET, we should send READY=1 with a STATUS= line once ready
// (and /readyz says 200), WATCHDOG=1 while it works, RELOADING=1 with MONOTONIC_USEC on SIGHUP, and
// STOPPING=1 on SIGTERM, then exit 0.
TEST_F(Live, NotifiesSystemdAndAnswersHealthChecks) {
  deploy::NotifySocket sock(dir_ + "/notify.sock");
  start(usual_sources(), sock.path());
  EXPECT_TRUE(sock.wait_for("READY=1", 10));
  EXPECT_TRUE(sock.wait_for("STATUS=4 sources", 10));
  EXPECT_EQ(deploy::http_get(daemon_->url("/healthz")).status, 200);
  EXPECT_EQ(deploy::http_get(daemon_->url("/readyz")).status, 200);
  EXPECT_TRUE(sock.wait_for("WATCHDOG=1", 5));
  daemon_->signal(SIGHUP);
  EXPECT_TRUE(sock.wait_for("RELOADING=1\nMONOTONIC_USEC=", 10));
  EXPECT_EQ(daemon_->stop(), 0);
  EXPECT_TRUE(sock.wait_for("STOPPING=1", 1));
  // READY came after the metrics port was bound and the producer was up: nothing before it failed.
  const auto& m = sock.messages();
  auto ready = std::find_if(m.begin(), m.end(), [](const std::string& s) { return s.find("READY=1") == 0; });
  ASSERT_NE(ready, m.end());
}

// Given a daemon that fetched good, broken and failing sources and published matches, we should
// serve a scrape that `promtool check metrics` accepts, holding every metric that the alert rules,
// the Grafana dashboard and the Grafana alerts name.
TEST_F(Live, ScrapeIsCleanAndHasEveryMetricTheRulesAndDashboardsUse) {
  if (!deploy::have("promtool")) GTEST_SKIP() << "promtool is not installed (package prometheus)";
  start(usual_sources());
  ASSERT_TRUE(eventually([&] { return metric("newswatch_publish_total", {"result=\"acked\""}) > 0; }, 60s))
      << daemon_->log();
  ASSERT_TRUE(eventually([&] { return metric("newswatch_parse_problems_total") > 0; }, 30s));
  ASSERT_TRUE(eventually([&] { return metric("newswatch_source_consecutive_failures", {"failing"}) >= 1; }, 30s));
  std::string scrape = daemon_->scrape();

  auto check = run({"promtool", "check", "metrics"}, scrape);
  EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
  EXPECT_EQ(check.out + check.err, "") << "promtool has remarks on the scrape";

  std::set<std::string> exported;
  for (const auto& f : deploy::families(scrape)) exported.insert(f);
  for (const char* asset : {"/prometheus/alerts.yml", "/grafana/dashboards/newswatch.json",
                            "/grafana/provisioning/alerting/newswatch.yaml"}) {
    for (std::string name : deploy::metric_names_in(read_file(deploy::deploy_dir() + asset))) {
      name = std::regex_replace(name, std::regex("_(bucket|sum|count)$"), "");
      EXPECT_TRUE(exported.count(name)) << name << " (named in " << asset << ") is not in a live scrape";
    }
  }
}

// Given a running daemon, SIGHUP with one source added and one removed should poll the new one,
// drop the removed one's series from /metrics and count a successful reload; SIGHUP with a broken
// config should keep the old sources running, log the error and count a failed reload.
TEST_F(Live, ReloadAppliesAGoodConfigAndKeepsTheOldOneOnError) {
  start({{"wire", server_->url("/wire.xml")}, {"agency", server_->url("/agency.atom")}});
  ASSERT_TRUE(eventually([&] { return metric("newswatch_fetches_total", {"source=\"agency\""}) > 0; }, 30s));

  daemon_->write_config({{"wire", server_->url("/wire.xml")}, {"late", server_->url("/broken.xml")}});
  daemon_->signal(SIGHUP);
  ASSERT_TRUE(eventually([&] { return metric("newswatch_config_reloads_total", {"success"}) == 1; }, 10s));
  EXPECT_TRUE(eventually([&] { return server_->count("/broken.xml") > 0; }, 15s)) << "the new source is not polled";
  EXPECT_TRUE(eventually([&] { return daemon_->scrape().find("source=\"agency\"") == std::string::npos; }, 10s))
      << "the removed source's series are still exported";
  EXPECT_TRUE(eventually([&] { return metric("newswatch_fetches_total", {"source=\"late\""}) > 0; }, 15s));
  EXPECT_EQ(metric("newswatch_sources"), 2);
  std::string page = deploy::http_get(daemon_->url("/")).body;
  std::string table = page.substr(page.find("<table id=\"sources\">"));
  table = table.substr(0, table.find("</table>"));
  EXPECT_EQ(table.find(">agency<"), std::string::npos) << table;  // (its matches stay in "Latest matches")
  EXPECT_NE(table.find(">late<"), std::string::npos) << table;

  daemon_->write_raw_config("sources:\n  - {name: wire, url: \"not a url\", interval: -3s}\nbogus_key: 1\n");
  daemon_->signal(SIGHUP);
  ASSERT_TRUE(eventually([&] { return metric("newswatch_config_reloads_total", {"failure"}) == 1; }, 10s));
  EXPECT_NE(daemon_->log().find("reload rejected"), std::string::npos);
  int before = server_->count("/broken.xml");
  EXPECT_TRUE(eventually([&] { return server_->count("/broken.xml") > before; }, 15s)) << "the old config stopped";
  EXPECT_EQ(metric("newswatch_sources"), 2);
  EXPECT_EQ(deploy::http_get(daemon_->url("/readyz")).status, 200);
  EXPECT_EQ(daemon_->stop(), 0);
}

// Given a daemon with a healthy, a broken and a failing source and some matches, headless Chromium
// should render the status page (no external assets) with every source's state and the latest
// matches; the screenshot is kept in <build>/artifacts/status-page.png.
TEST_F(Live, StatusPageRendersInHeadlessChromium) {
  if (!deploy::have("chromium")) GTEST_SKIP() << "chromium is not installed";
  start(usual_sources());
  ASSERT_TRUE(eventually([&] { return metric("newswatch_matches_total") > 0; }, 60s)) << daemon_->log();
  ASSERT_TRUE(eventually([&] { return metric("newswatch_source_consecutive_failures", {"failing"}) >= 1; }, 30s));

  fs::create_directories(NEWSWATCH_ARTIFACTS_DIR);
  const std::string png = std::string(NEWSWATCH_ARTIFACTS_DIR) + "/status-page.png";
  fs::remove(png);
  auto chromium = [&](const std::string& what, const std::string& profile) {
    return run({"chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + dir_ + "/" + profile, what, "--window-size=1200,900", daemon_->url("/")},
               "", 90s);
  };
  auto dom = chromium("--dump-dom", "chrome-dom");
  ASSERT_EQ(dom.exit_code, 0) << dom.err;
  for (const char* text : {"id=\"sources\"", ">wire<", ">agency<", ">broken<", ">failing<", "http_error (HTTP 500)",
                           "Latest matches", "Iran and Russia sign 20-year strategic partnership treaty"}) {
    EXPECT_NE(dom.out.find(text), std::string::npos) << text;
  }
  auto shot = chromium("--screenshot=" + png, "chrome-shot");
  ASSERT_EQ(shot.exit_code, 0) << shot.err;
  ASSERT_TRUE(fs::exists(png)) << shot.err;
  EXPECT_GT(fs::file_size(png), 10'000u);
  EXPECT_EQ(read_file(png).substr(1, 3), "PNG");
  std::cout << "status page screenshot: " << png << "\n";
}

// Given Debian's Prometheus scraping the daemon every second with the production alert rules (only
// their `for:` shortened to 1 s), a source that keeps answering 500 should make NewswatchSourceFailing
// fire, seen through Prometheus's HTTP API, while the healthy source raises nothing.
TEST_F(Live, PrometheusFiresTheSourceFailingAlert) {
  if (!deploy::have("prometheus")) GTEST_SKIP() << "prometheus is not installed";
  start({{"wire", server_->url("/wire.xml")}, {"failing", server_->url("/__status/500")}});

  std::string rules = read_file(deploy::deploy_dir() + "/prometheus/alerts.yml");
  deploy::write_file(dir_ + "/alerts.yml", std::regex_replace(rules, std::regex(R"(for: \w+)"), "for: 1s"));
  const int port = testsupport::free_port();
  std::string target = daemon_->url("").substr(std::string("http://").size());
  deploy::write_file(dir_ + "/prometheus.yml",
                     "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
                     "rule_files: [" + dir_ + "/alerts.yml]\n"
                     "scrape_configs:\n  - job_name: newswatch\n    static_configs: [{targets: ['" + target + "']}]\n");
  testsupport::Process prometheus({"prometheus", "--config.file=" + dir_ + "/prometheus.yml",
                                   "--storage.tsdb.path=" + dir_ + "/tsdb", "--web.listen-address=127.0.0.1:" +
                                   std::to_string(port), "--log.level=warn"},
                                  dir_ + "/prometheus.log");
  const std::string api = "http://127.0.0.1:" + std::to_string(port) + "/api/v1/";

  auto firing = [&](const std::string& alert, const std::string& source) {
    auto r = deploy::http_get(api + "alerts");
    if (r.status != 200) return false;
    const auto body = nlohmann::json::parse(r.body, nullptr, false);
    if (body.is_discarded()) return false;
    for (const auto& a : body["data"]["alerts"]) {
      if (a["labels"]["alertname"] == alert && a["labels"].value("source", "") == source && a["state"] == "firing")
        return true;
    }
    return false;
  };
  auto start_time = std::chrono::steady_clock::now();
  bool fired = eventually([&] { return firing("NewswatchSourceFailing", "failing"); }, 90s);
  EXPECT_TRUE(fired) << read_file(dir_ + "/prometheus.log") << deploy::http_get(api + "alerts").body;
  std::cout << "NewswatchSourceFailing firing after "
            << std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start_time).count()
            << " s\n";
  EXPECT_FALSE(firing("NewswatchSourceFailing", "wire"));
  // The daemon's target is up in Prometheus's eyes.
  auto up = deploy::http_get(api + "query?query=up%7Bjob%3D%22newswatch%22%7D");
  EXPECT_NE(up.body.find("\"1\""), std::string::npos) << up.body;
  prometheus.signal(SIGTERM);
  EXPECT_TRUE(prometheus.wait_for_exit(20s).has_value());
}
