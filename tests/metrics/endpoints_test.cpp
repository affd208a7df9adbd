// The HTTP side of metrics/: /metrics, /healthz, /readyz and the status page at /, served on a
// real loopback port (port 0) and read with libcurl.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include "metrics/metrics.h"

namespace {

struct Response {
  long status = 0;
  std::string content_type, body;
};

Response get(int port, const std::string& path) {
  Response r;
  CURL* curl = curl_easy_init();
  std::string url = "http://127.0.0.1:" + std::to_string(port) + path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 5000L);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, +[](char* p, size_t s, size_t n, void* out) {
    static_cast<std::string*>(out)->append(p, s * n);
    return s * n;
  });
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &r.body);
  if (curl_easy_perform(curl) == CURLE_OK) {
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &r.status);
    char* ct = nullptr;
    curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &ct);
    if (ct) r.content_type = ct;
  }
  curl_easy_cleanup(curl);
  return r;
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class Endpoints : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(m_.listen({"127.0.0.1:0"}, error)) << error;
    ASSERT_GT(m_.port(), 0);
  }
  metrics::Metrics m_;
};

}  // namespace

// Given a listening registry, we should serve the exposition format on /metrics, the same text as
// scrape(), with Prometheus's content type.
TEST_F(Endpoints, ServesMetrics) {
  m_.fetch_done("wire", "ok", 0.1, 10);
  Response r = get(m_.port(), "/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(contains(r.content_type, "text/plain; version=0.0.4"));
  EXPECT_TRUE(contains(r.body, "newswatch_fetches_total{outcome=\"ok\",source=\"wire\"} 1"));
  EXPECT_TRUE(contains(r.body, "newswatch_ready 0"));
}

// Given a daemon that is alive but not ready, then ready, then draining, we should answer /healthz
// 200 throughout and /readyz 503, 200, 503.
TEST_F(Endpoints, HealthAndReadiness) {
  EXPECT_EQ(get(m_.port(), "/healthz").status, 200);
  EXPECT_EQ(get(m_.port(), "/readyz").status, 503);
  m_.set_ready(true);
  EXPECT_EQ(get(m_.port(), "/readyz").status, 200);
  EXPECT_TRUE(contains(m_.scrape(), "newswatch_ready 1"));
  m_.set_ready(false);
  EXPECT_EQ(get(m_.port(), "/readyz").status, 503);
  EXPECT_EQ(get(m_.port(), "/healthz").status, 200);
}

// Given an unknown path or a POST, we should answer 404 / 405 and keep serving.
TEST_F(Endpoints, RejectsUnknownPathsAndMethods) {
  EXPECT_EQ(get(m_.port(), "/nope").status, 404);
  EXPECT_EQ(get(m_.port(), "/metrics/extra").status, 404);
  CURL* curl = curl_easy_init();
  std::string url = "http://127.0.0.1:" + std::to_string(m_.port()) + "/metrics";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, "x=1");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, +[](char*, size_t s, size_t n, void*) { return s * n; });
  ASSERT_EQ(curl_easy_perform(curl), CURLE_OK);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_easy_cleanup(curl);
  EXPECT_EQ(status, 405);
  EXPECT_EQ(get(m_.port(), "/metrics").status, 200);
}

// Given sources in several states and a match whose title holds markup, we should show each
// source's last fetch, outcome, error and next poll and the match, escaped, in plain HTML.
TEST_F(Endpoints, StatusPageShowsSourcesAndMatches) {
  m_.board().set_sources({{"wire", "http://127.0.0.1/wire.xml"}, {"ministry", "http://127.0.0.1/m.rdf"},
                          {"fresh", "http://127.0.0.1/f.xml"}});
  m_.source_fetched({"wire", "", 1.7e9, "ok", 200, "", 1.7e9 + 60, 0});
  m_.source_fetched({"ministry", "", 1.7e9, "blocked", 403, "HTTP 403 Forbidden", 1.7e9 + 300, 4});
  m_.source_fetched({"gone", "", 1.7e9, "ok", 200, "", 0, 0});  // not configured: ignored
  m_.board().matched({1.7e9, "wire", "Iran & Russia <sign> treaty", "http://127.0.0.1/a", "iran-russia-treaty",
                      "signed", 0.93});
  Response r = get(m_.port(), "/");
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(contains(r.content_type, "text/html"));
  EXPECT_TRUE(contains(r.body, "2023-11-14 22:13:20Z"));  // 1.7e9
  EXPECT_TRUE(contains(r.body, "blocked (HTTP 403)"));
  EXPECT_TRUE(contains(r.body, "HTTP 403 Forbidden"));
  EXPECT_TRUE(contains(r.body, "not yet fetched"));
  EXPECT_TRUE(contains(r.body, "2023-11-14 22:18:20Z"));  // next poll of ministry
  EXPECT_TRUE(contains(r.body, "Iran &amp; Russia &lt;sign&gt; treaty"));
  EXPECT_FALSE(contains(r.body, "gone"));
  EXPECT_FALSE(contains(r.body, "<script"));
  EXPECT_FALSE(contains(r.body, "src=\"http"));  // no external assets
  EXPECT_TRUE(contains(m_.scrape(), "newswatch_source_consecutive_failures{source=\"ministry\"} 4"));
}

// Given more matches than the page keeps, we should show only the newest ones, newest first.
TEST(StatusBoard, KeepsTheLatestMatches) {
  metrics::StatusBoard b;
  for (int i = 0; i < 30; ++i) b.matched({double(i), "s", "t" + std::to_string(i), "", "p", "signed", 1});
  auto m = b.matches();
  ASSERT_EQ(m.size(), metrics::StatusBoard::kLatestMatches);
  EXPECT_EQ(m.front().title, "t29");
  EXPECT_EQ(m.back().title, "t10");
}

// Given a port that is already taken, we should fail to listen with an error, not crash.
TEST(EndpointsBind, ReportsAPortInUse) {
  metrics::Metrics first, second;
  std::string error;
  ASSERT_TRUE(first.listen({"127.0.0.1:0"}, error)) << error;
  EXPECT_FALSE(second.listen({"127.0.0.1:" + std::to_string(first.port())}, error));
  EXPECT_FALSE(error.empty());
  EXPECT_EQ(second.port(), 0);
}

// Given a reload that failed and one that was applied, we should count each by result.
TEST(Reloads, CountedByResult) {
  metrics::Metrics m;
  EXPECT_TRUE(contains(m.scrape(), "newswatch_config_reloads_total{result=\"failure\"} 0"));
  m.config_reloaded(false);
  m.config_reloaded(true);
  m.config_reloaded(true);
  EXPECT_TRUE(contains(m.scrape(), "newswatch_config_reloads_total{result=\"failure\"} 1"));
  EXPECT_TRUE(contains(m.scrape(), "newswatch_config_reloads_total{result=\"success\"} 2"));
}
