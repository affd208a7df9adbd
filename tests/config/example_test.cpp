#include "config/config.h"
#include "support/paths.h"

#include <gtest/gtest.h>

namespace {

std::string example_path() { return testsupport::source_dir() + "/config/newswatch.example.yaml"; }

}  // namespace

// Given the shipped example, we should load it without a single error.
TEST(ExampleConfig, LoadsCleanly) {
  const config::LoadResult result = config::load_file(example_path());
  EXPECT_EQ(result.errors, std::vector<std::string>{});
  ASSERT_TRUE(result.config.has_value());
  EXPECT_FALSE(result.config->sources.empty());
  EXPECT_FALSE(result.config->profiles.empty());
}

// Given the example documents each default, we should find that its values are exactly the defaults.
TEST(ExampleConfig, StatesTheDefaults) {
  const config::LoadResult result = config::load_file(example_path());
  ASSERT_TRUE(result.config.has_value());
  const config::Config& c = *result.config;
  const config::Config defaults;
  EXPECT_EQ(c.kafka.brokers, defaults.kafka.brokers);
  EXPECT_EQ(c.kafka.topic, defaults.kafka.topic);
  EXPECT_EQ(c.kafka.flush_timeout, defaults.kafka.flush_timeout);
  EXPECT_EQ(c.metrics.listen, defaults.metrics.listen);
  EXPECT_EQ(c.state_dir, defaults.state_dir);
  EXPECT_EQ(c.fetch.connect_timeout, defaults.fetch.connect_timeout);
  EXPECT_EQ(c.fetch.timeout, defaults.fetch.timeout);
  EXPECT_EQ(c.fetch.max_body_bytes, defaults.fetch.max_body_bytes);
  EXPECT_EQ(c.fetch.max_in_flight, defaults.fetch.max_in_flight);
  EXPECT_EQ(c.fetch.per_host_max_in_flight, defaults.fetch.per_host_max_in_flight);
  EXPECT_EQ(c.fetch.adaptive_interval, defaults.fetch.adaptive_interval);
  EXPECT_EQ(c.fetch.interval_min, defaults.fetch.interval_min);
  EXPECT_EQ(c.fetch.interval_max, defaults.fetch.interval_max);
  EXPECT_EQ(c.fetch.user_agent, config::default_user_agent());
  EXPECT_EQ(c.log.level, defaults.log.level);
  EXPECT_EQ(c.crawl.respect_robots_txt, defaults.crawl.respect_robots_txt);
  EXPECT_EQ(c.crawl.robots_ttl, defaults.crawl.robots_ttl);
  EXPECT_EQ(c.crawl.max_pending, defaults.crawl.max_pending);
  EXPECT_EQ(c.crawl.retry_failed_after, defaults.crawl.retry_failed_after);
  EXPECT_EQ(c.crawl.max_crawl_delay, defaults.crawl.max_crawl_delay);
  const config::Source source;
  EXPECT_EQ(c.sources.front().kind, source.kind);
  EXPECT_EQ(c.sources.front().interval, source.interval);
  EXPECT_EQ(c.sources.front().priority, source.priority);
  EXPECT_EQ(c.sources.front().full_text.enabled, source.full_text.enabled);
  ASSERT_GE(c.sources.size(), 2u);
  EXPECT_EQ(c.sources[1].kind, config::SourceKind::html);
  EXPECT_EQ(c.sources[1].page, source.page);
  EXPECT_EQ(c.sources[1].listing.max_links, source.listing.max_links);
  EXPECT_EQ(c.sources[1].listing.link_selector, "");
}
