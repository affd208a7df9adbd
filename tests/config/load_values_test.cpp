#include "config/config.h"
#include "support/paths.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace std::chrono_literals;

namespace {

constexpr const char* kMinimal = R"(sources: [{name: a, url: https://a.example/rss}]
profiles: [p.yaml]
)";

constexpr const char* kFull = R"(sources:
  - name: example-wire
    url: https://example.org/rss.xml
    kind: rss
    interval: 1h30m
  - name: tass.en
    url: http://tass.example/feed
    kind: html
    interval: 1s
    priority: high
    listing: {link_selector: "ul.news a", title_selector: h3, date_selector: time, max_links: 20}
  - name: ministry
    url: http://mfa.example/
    kind: html
    page: article
    priority: low
  - name: teasers
    url: http://teasers.example/rss
    fetch_full_text: {min_summary_chars: 250}
  - name: teasers2
    url: http://teasers.example/rss2
    fetch_full_text: true
kafka:
  brokers: "k1:9092,k2:9092"
  topic: treaties
  properties: {compression.type: zstd, acks: all, linger.ms: 5, enable.idempotence: true}
  flush_timeout: 2500ms
metrics:
  listen: "[::1]:0"
state_dir: /srv/newswatch
profiles: [/etc/newswatch/profiles/a.yaml, profiles/b.yaml]
fetch:
  connect_timeout: 3s
  timeout: 1m
  max_body_bytes: 2MiB
  max_in_flight: 8
  user_agent: "treaty-bot/1.0"
crawl:
  respect_robots_txt: false
  robots_ttl: 6h
  max_pending: 100
  retry_failed_after: 5m
  max_crawl_delay: 2s
log:
  level: debug
)";

}  // namespace

// Given a config that sets every key, we should read back every value as written.
TEST(LoadText, GoodConfigRoundTripsEveryValue) {
  const config::LoadResult result = config::load_text(kFull, "/etc/newswatch/newswatch.yaml");
  ASSERT_TRUE(result.errors.empty()) << result.errors.front();
  const config::Config& c = result.config.value();
  ASSERT_EQ(c.sources.size(), 5u);
  EXPECT_EQ(c.sources[0].name, "example-wire");
  EXPECT_EQ(c.sources[0].url, "https://example.org/rss.xml");
  EXPECT_EQ(c.sources[0].kind, config::SourceKind::rss);
  EXPECT_EQ(c.sources[0].interval, 90min);
  EXPECT_EQ(c.sources[1].name, "tass.en");
  EXPECT_EQ(c.sources[1].kind, config::SourceKind::html);
  EXPECT_EQ(c.sources[1].interval, 1s);
  EXPECT_EQ(c.sources[1].priority, config::Priority::high);
  EXPECT_EQ(c.sources[1].page, config::PageMode::listing);
  EXPECT_EQ(c.sources[1].listing.link_selector, "ul.news a");
  EXPECT_EQ(c.sources[1].listing.title_selector, "h3");
  EXPECT_EQ(c.sources[1].listing.date_selector, "time");
  EXPECT_EQ(c.sources[1].listing.max_links, 20u);
  EXPECT_EQ(c.sources[2].page, config::PageMode::article);
  EXPECT_EQ(c.sources[2].priority, config::Priority::low);
  EXPECT_EQ(c.sources[0].priority, config::Priority::normal);
  EXPECT_FALSE(c.sources[0].full_text.enabled);
  EXPECT_TRUE(c.sources[3].full_text.enabled);
  EXPECT_EQ(c.sources[3].full_text.min_summary_chars, 250u);
  EXPECT_TRUE(c.sources[4].full_text.enabled);
  EXPECT_EQ(c.sources[4].full_text.min_summary_chars, 400u);
  EXPECT_FALSE(c.crawl.respect_robots_txt);
  EXPECT_EQ(c.crawl.robots_ttl, 6h);
  EXPECT_EQ(c.crawl.max_pending, 100u);
  EXPECT_EQ(c.crawl.retry_failed_after, 5min);
  EXPECT_EQ(c.crawl.max_crawl_delay, 2s);
  EXPECT_EQ(c.kafka.brokers, "k1:9092,k2:9092");
  EXPECT_FALSE(c.kafka.embedded());
  EXPECT_EQ(c.kafka.topic, "treaties");
  const std::map<std::string, std::string> properties{
      {"compression.type", "zstd"}, {"acks", "all"}, {"linger.ms", "5"}, {"enable.idempotence", "true"}};
  EXPECT_EQ(c.kafka.properties, properties);
  EXPECT_EQ(c.kafka.flush_timeout, 2500ms);
  EXPECT_EQ(c.metrics.listen, "[::1]:0");
  EXPECT_EQ(c.state_dir, "/srv/newswatch");
  EXPECT_EQ(c.profiles, (std::vector<std::string>{"/etc/newswatch/profiles/a.yaml", "/etc/newswatch/profiles/b.yaml"}));
  EXPECT_EQ(c.fetch.connect_timeout, 3s);
  EXPECT_EQ(c.fetch.timeout, 1min);
  EXPECT_EQ(c.fetch.max_body_bytes, 2u << 20);
  EXPECT_EQ(c.fetch.max_in_flight, 8u);
  EXPECT_EQ(c.fetch.user_agent, "treaty-bot/1.0");
  EXPECT_EQ(c.log.level, "debug");
  EXPECT_EQ(c.path, "/etc/newswatch/newswatch.yaml");
}

// Given only the required keys, we should fill in every documented default.
TEST(LoadText, MinimalConfigGetsDefaults) {
  const config::LoadResult result = config::load_text(kMinimal, "/etc/newswatch/newswatch.yaml");
  ASSERT_TRUE(result.errors.empty()) << result.errors.front();
  const config::Config& c = result.config.value();
  EXPECT_EQ(c.sources.at(0).kind, config::SourceKind::auto_detect);
  EXPECT_EQ(c.sources.at(0).interval, 5min);
  EXPECT_TRUE(c.kafka.embedded());
  EXPECT_EQ(c.kafka.topic, "newswatch.matches");
  EXPECT_TRUE(c.kafka.properties.empty());
  EXPECT_EQ(c.kafka.flush_timeout, 10s);
  EXPECT_EQ(c.metrics.listen, "127.0.0.1:9464");
  EXPECT_EQ(c.state_dir, "/var/lib/newswatch");
  EXPECT_EQ(c.fetch.connect_timeout, 10s);
  EXPECT_EQ(c.fetch.timeout, 30s);
  EXPECT_EQ(c.fetch.max_body_bytes, 16u << 20);
  EXPECT_EQ(c.fetch.max_in_flight, 64u);
  EXPECT_EQ(c.fetch.user_agent, config::default_user_agent());
  EXPECT_EQ(c.log.level, "info");
}

// Given relative and absolute profile paths, we should anchor the relative ones at the config's directory.
TEST(LoadText, RelativeProfilePathsResolveAgainstConfigDir) {
  const char* yaml = R"(sources: [{name: a, url: https://a.example/rss}]
profiles: [profiles/treaty.yaml, ./x.yaml, ../shared/y.yaml, /opt/z.yaml]
)";
  const config::LoadResult result = config::load_text(yaml, "/etc/newswatch/newswatch.yaml");
  ASSERT_TRUE(result.errors.empty()) << result.errors.front();
  EXPECT_EQ(result.config->profiles, (std::vector<std::string>{"/etc/newswatch/profiles/treaty.yaml",
                                                               "/etc/newswatch/x.yaml", "/etc/shared/y.yaml",
                                                               "/opt/z.yaml"}));
}

// Given a config with three unrelated problems, we should report all three, in file order, in one pass.
TEST(LoadText, ReportsEveryProblemAtOnce) {
  const char* yaml = R"(sources:
  - name: a
    url: ftp://a.example/rss
    interval: 0s
log: {level: loud}
profiles: [p.yaml]
)";
  const config::LoadResult result = config::load_text(yaml, "nw.yaml");
  EXPECT_FALSE(result.config.has_value());
  EXPECT_EQ(result.errors,
            (std::vector<std::string>{
                "nw.yaml:3:10: sources[0].url: 'ftp://a.example/rss' has scheme 'ftp', expected an http:// or "
                "https:// URL with a host",
                "nw.yaml:4:15: sources[0].interval: '0s' is zero, expected a duration above zero with units ms, "
                "s, m or h, like 30s or 1h30m",
                "nw.yaml:5:14: log.level: 'loud' is not allowed, expected one of debug, info, warning, error",
            }));
}

// Given an empty user_agent, we should use the daemon's own name and version.
TEST(LoadText, EmptyUserAgentMeansDefault) {
  const std::string yaml = std::string(kMinimal) + "fetch: {user_agent: \"\"}\n";
  const config::LoadResult result = config::load_text(yaml, "nw.yaml");
  ASSERT_TRUE(result.config.has_value());
  EXPECT_EQ(result.config->fetch.user_agent, config::default_user_agent());
  EXPECT_TRUE(config::default_user_agent().starts_with("newswatchd/"));
}

// Given each source kind, we should print it as the file spells it.
TEST(ToString, SpellsKindsAsTheFileDoes) {
  EXPECT_EQ(config::to_string(config::SourceKind::auto_detect), "auto");
  EXPECT_EQ(config::to_string(config::SourceKind::rss), "rss");
  EXPECT_EQ(config::to_string(config::SourceKind::atom), "atom");
  EXPECT_EQ(config::to_string(config::SourceKind::html), "html");
}

// Given a path with no file, we should say which file and why, and nothing else.
TEST(LoadFile, MissingFileIsOneClearMessage) {
  const config::LoadResult result = config::load_file("/nonexistent/newswatch.yaml");
  EXPECT_FALSE(result.config.has_value());
  EXPECT_EQ(result.errors,
            std::vector<std::string>{"/nonexistent/newswatch.yaml: cannot read: No such file or directory"});
}

// Given a file on disk, we should load it, remember its path, and anchor profiles beside it.
TEST(LoadFile, ReadsFileAndAnchorsProfiles) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "newswatch_config_test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "newswatch.yaml").string();
  std::ofstream(path) << kMinimal;
  const config::LoadResult result = config::load_file(path);
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(result.errors.empty()) << result.errors.front();
  EXPECT_EQ(result.config->path, path);
  EXPECT_EQ(result.config->profiles, std::vector<std::string>{(dir / "p.yaml").string()});
}
