#include "metrics/metrics.h"

#include <gtest/gtest.h>

#include "core/version.h"

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

// Given a fresh registry, we should expose build info with the daemon's version.
TEST(Metrics, ExposesBuildInfo) {
  metrics::Metrics m;
  EXPECT_TRUE(contains(m.scrape(), std::string("newswatch_build_info{version=\"") + core::kVersion + "\"} 1"));
}

// Given fetches and items for a source, we should count them by source, outcome and stage.
TEST(Metrics, CountsFetchesAndItemsPerSource) {
  metrics::Metrics m;
  m.fetch_done("wire", "ok", 0.2, 1000);
  m.fetch_done("wire", "ok", 0.3, 500);
  m.fetch_done("wire", "not_modified", 0.01, 0);
  m.items("wire", "parsed", 5);
  std::string text = m.scrape();
  EXPECT_TRUE(contains(text, "newswatch_fetches_total{outcome=\"ok\",source=\"wire\"} 2"));
  EXPECT_TRUE(contains(text, "newswatch_fetches_total{outcome=\"not_modified\",source=\"wire\"} 1"));
  EXPECT_TRUE(contains(text, "newswatch_fetch_bytes_total{source=\"wire\"} 1500"));
  EXPECT_TRUE(contains(text, "newswatch_items_total{source=\"wire\",stage=\"parsed\"} 5"));
  EXPECT_TRUE(contains(text, "newswatch_fetch_duration_seconds_count 3"));
}

// Given a source removed from the config, we should drop all of its series and keep the others'.
TEST(Metrics, RemoveSourceDropsItsSeries) {
  metrics::Metrics m;
  m.fetch_done("gone", "ok", 0.1, 10);
  m.poll_succeeded("gone", 1700000000);
  m.fetch_done("kept", "ok", 0.1, 10);
  m.remove_source("gone");
  std::string text = m.scrape();
  EXPECT_FALSE(contains(text, "source=\"gone\""));
  EXPECT_TRUE(contains(text, "source=\"kept\""));
}

// Given a listen address with port 0, we should bind a free port and serve the same text over HTTP.
TEST(Metrics, ListensOnFreePort) {
  metrics::Metrics m;
  std::string error;
  ASSERT_TRUE(m.listen({"127.0.0.1:0"}, error)) << error;
  EXPECT_GT(m.port(), 0);
}

// Given an address that cannot be bound, we should say so instead of throwing.
TEST(Metrics, BadListenAddressIsAnError) {
  metrics::Metrics m;
  std::string error;
  EXPECT_FALSE(m.listen({"256.1.1.1:1"}, error));
  EXPECT_TRUE(contains(error, "256.1.1.1:1")) << error;
}
