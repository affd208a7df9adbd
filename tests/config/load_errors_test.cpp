// Bad configs, one problem each: every one should yield exactly the expected messages.
#include "config/config.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

struct BadConfig {
  const char* name;
  const char* yaml;
  std::vector<std::string> errors;
};

void PrintTo(const BadConfig& c, std::ostream* os) { *os << c.name; }

constexpr const char* kTopKeys = "sources, kafka, metrics, state_dir, profiles, fetch, crawl, log";
constexpr const char* kDuration = "a duration above zero with units ms, s, m or h, like 30s or 1h30m";

std::string top(const std::string& what) { return what + kTopKeys; }

const BadConfig kBadConfigs[] = {
    {"EmptyFile", "", {top("nw.yaml:1:1: found nothing, expected a map with keys ")}},
    {"TopLevelSequence", "- a\n", {top("nw.yaml:1:1: found a sequence, expected a map with keys ")}},
    {"SyntaxError", "sources: [a\n",
     {"nw.yaml:2:1: invalid YAML: end of sequence flow not found, expected well-formed YAML"}},
    {"MissingRequiredKeys", "kafka: {topic: t}\n",
     {"nw.yaml:1:1: missing key 'sources', expected a sequence of sources, each with name and url",
      "nw.yaml:1:1: missing key 'profiles', expected a sequence of at least one topic profile path"}},
    {"UnknownTopLevelKey", R"(sources: [{name: a, url: https://a.example/rss}]
profiles: [p.yaml]
kafak: {}
)",
     {top("nw.yaml:3:1: unknown key 'kafak' (did you mean 'kafka'?), expected one of ")}},
    {"UnknownKeyFarFromAny", R"(sources: [{name: a, url: https://a.example/rss}]
profiles: [p.yaml]
colour: red
)",
     {top("nw.yaml:3:1: unknown key 'colour', expected one of ")}},
    {"UnknownSourceKey", R"(sources:
  - name: a
    url: https://a.example/rss
    intervl: 5m
profiles: [p.yaml]
)",
     {"nw.yaml:4:5: sources[0]: unknown key 'intervl' (did you mean 'interval'?), expected one of name, url, "
      "kind, interval, priority, page, listing, fetch_full_text"}},
    {"UnknownNestedKey", R"(sources: [{name: a, url: https://a.example/rss}]
profiles: [p.yaml]
fetch:
  timeuot: 5s
)",
     {"nw.yaml:4:3: fetch: unknown key 'timeuot' (did you mean 'timeout'?), expected one of connect_timeout, "
      "timeout, max_body_bytes, max_in_flight, user_agent, per_host_max_in_flight, per_host_min_interval, "
      "adaptive_interval, interval_min, interval_max"}},
    {"RepeatedKey", R"(sources: [{name: a, url: https://a.example/rss}]
profiles: [p.yaml]
kafka:
  topic: one
  topic: two
)",
     {"nw.yaml:5:3: kafka: key 'topic' repeats line 4, expected each key once"}},
    {"DuplicateSourceName", R"(sources:
  - {name: wire, url: https://a.example/rss}
  - {name: wire, url: https://b.example/rss}
profiles: [p.yaml]
)",
     {"nw.yaml:3:12: sources[1].name: 'wire' is already the name of sources[0], expected a unique name"}},
    {"SourceNameWithSpace", R"(sources: [{name: my wire, url: https://a.example/rss}]
profiles: [p.yaml]
)",
     {"nw.yaml:1:18: sources[0].name: 'my wire' has other characters, expected a name of letters, digits, "
      "'.', '_' and '-'"}},
    {"FtpUrl", R"(sources: [{name: a, url: ftp://a.example/rss}]
profiles: [p.yaml]
)",
     {"nw.yaml:1:26: sources[0].url: 'ftp://a.example/rss' has scheme 'ftp', expected an http:// or https:// "
      "URL with a host"}},
    {"UrlWithoutScheme", R"(sources: [{name: a, url: a.example/rss}]
profiles: [p.yaml]
)",
     {"nw.yaml:1:26: sources[0].url: 'a.example/rss' has no scheme, expected an http:// or https:// URL with "
      "a host"}},
    {"UrlWithoutHost", R"(sources: [{name: a, url: "https:///rss"}]
profiles: [p.yaml]
)",
     {"nw.yaml:1:26: sources[0].url: 'https:///rss' has no host, expected an http:// or https:// URL with a "
      "host"}},
    {"EmptyUrl", R"(sources:
  - name: a
    url:
profiles: [p.yaml]
)",
     {"nw.yaml:3:5: sources[0].url: found nothing, expected an http:// or https:// URL with a host"}},
    {"MissingUrl", R"(sources:
  - name: a
profiles: [p.yaml]
)",
     {"nw.yaml:2:5: sources[0]: missing key 'url', expected an http:// or https:// URL"}},
    {"BadKindWithSuggestion", R"(sources: [{name: a, url: https://a.example/rss, kind: atm}]
profiles: [p.yaml]
)",
     {"nw.yaml:1:55: sources[0].kind: 'atm' is not allowed (did you mean 'atom'?), expected one of auto, "
      "rss, atom, html"}},
    {"ZeroInterval", R"(sources: [{name: a, url: https://a.example/rss, interval: 0s}]
profiles: [p.yaml]
)",
     {std::string("nw.yaml:1:59: sources[0].interval: '0s' is zero, expected ") + kDuration}},
    {"IntervalWithoutUnit", R"(sources: [{name: a, url: https://a.example/rss, interval: 300}]
profiles: [p.yaml]
)",
     {std::string("nw.yaml:1:59: sources[0].interval: '300' is not a duration, expected ") + kDuration}},
    {"SourceIsNotAMap", "sources: [a]\nprofiles: [p.yaml]\n",
     {"nw.yaml:1:11: sources[0]: found 'a', expected a map with keys name, url, kind, interval, "
      "priority, page, listing, fetch_full_text"}},
    {"NoSources", "sources: []\nprofiles: [p.yaml]\n",
     {"nw.yaml:1:10: sources: found an empty sequence, expected a sequence of at least one source"}},
    {"SourcesIsAMap", "sources: {name: a}\nprofiles: [p.yaml]\n",
     {"nw.yaml:1:10: sources: found a map, expected a sequence of at least one source"}},
    {"NoProfiles", "sources: [{name: a, url: https://a.example/rss}]\nprofiles: []\n",
     {"nw.yaml:2:11: profiles: found an empty sequence, expected a sequence of at least one path"}},
    {"ProfilesIsAScalar", "sources: [{name: a, url: https://a.example/rss}]\nprofiles: p.yaml\n",
     {"nw.yaml:2:11: profiles: found 'p.yaml', expected a sequence of at least one path"}},
    {"ListenWithoutPort", R"(sources: [{name: a, url: https://a.example/rss}]
profiles: [p.yaml]
metrics: {listen: localhost}
)",
     {"nw.yaml:3:19: metrics.listen: 'localhost' is not host:port, expected host:port like 127.0.0.1:9464, "
      "[::1]:9464 or 0.0.0.0:0"}},
    {"ListenPortTooLarge", R"(sources: [{name: a, url: https://a.example/rss}]
profiles: [p.yaml]
metrics: {listen: "127.0.0.1:65536"}
)",
     {"nw.yaml:3:19: metrics.listen: '127.0.0.1:65536' is not host:port, expected host:port like "
      "127.0.0.1:9464, [::1]:9464 or 0.0.0.0:0"}},
    {"EmptyBrokers", R"(sources: [{name: a, url: https://a.example/rss}]
profiles: [p.yaml]
kafka: {brokers: ""}
)",
     {"nw.yaml:3:18: kafka.brokers: found '', expected 'embedded' or a list like host1:9092,host2:9092"}},
    {"BrokerListWithHole", R"(sources: [{name: a, url: https://a.example/rss}]
profiles: [p.yaml]
kafka: {brokers: "a:9092,,b:9092"}
)",
     {"nw.yaml:3:18: kafka.brokers: 'a:9092,,b:9092' has an empty entry, expected 'embedded' or a list like "
      "host1:9092,host2:9092"}},
    {"KafkaIsASequence", R"(sources: [{name: a, url: https://a.example/rss}]
profiles: [p.yaml]
kafka: [a]
)",
     {"nw.yaml:3:8: kafka: found a sequence, expected a map with keys brokers, topic, properties, "
      "flush_timeout"}},
    {"PropertyValueIsASequence", R"(sources: [{name: a, url: https://a.example/rss}]
profiles: [p.yaml]
kafka:
  properties:
    acks: [1]
)",
     {"nw.yaml:5:11: kafka.properties.acks: found a sequence, expected a single value (text, number or "
      "boolean)"}},
    {"PropertiesIsAList", R"(sources: [{name: a, url: https://a.example/rss}]
profiles: [p.yaml]
kafka: {properties: [acks=all]}
)",
     {"nw.yaml:3:21: kafka.properties: found a sequence, expected a map of librdkafka properties to values"}},
    {"LogLevelTypo", R"(sources: [{name: a, url: https://a.example/rss}]
profiles: [p.yaml]
log: {level: eror}
)",
     {"nw.yaml:3:14: log.level: 'eror' is not allowed (did you mean 'error'?), expected one of debug, info, "
      "warning, error"}},
    {"ZeroInFlight", R"(sources: [{name: a, url: https://a.example/rss}]
profiles: [p.yaml]
fetch: {max_in_flight: 0}
)",
     {"nw.yaml:3:24: fetch.max_in_flight: '0' is not a count, expected a whole number above zero"}},
    {"BodySizeWithBadUnit", R"(sources: [{name: a, url: https://a.example/rss}]
profiles: [p.yaml]
fetch: {max_body_bytes: 16XB}
)",
     {"nw.yaml:3:25: fetch.max_body_bytes: '16XB' is not a usable size, expected a byte count above zero, "
      "like 16777216 or 16MiB"}},
    {"NegativeTimeout", R"(sources: [{name: a, url: https://a.example/rss}]
profiles: [p.yaml]
fetch: {timeout: -1s}
)",
     {std::string("nw.yaml:3:18: fetch.timeout: '-1s' is not a duration, expected ") + kDuration}},
    {"StateDirIsAMap", R"(sources: [{name: a, url: https://a.example/rss}]
profiles: [p.yaml]
state_dir: {path: /tmp}
)",
     {"nw.yaml:3:12: state_dir: found a map, expected a directory path"}},
    {"ListingOnAFeed", R"(sources: [{name: a, url: https://a.example/rss, kind: rss, listing: {max_links: 5}}]
profiles: [p.yaml]
)",
     {"nw.yaml:1:69: sources[0].listing: applies to kind html (or auto), not rss"}},
    {"FullTextOnHtml", R"(sources: [{name: a, url: https://a.example/, kind: html, fetch_full_text: true}]
profiles: [p.yaml]
)",
     {"nw.yaml:1:75: sources[0].fetch_full_text: applies to feeds; an html source always reads the article pages"}},
    {"BadPriority", R"(sources: [{name: a, url: https://a.example/rss, priority: urgent}]
profiles: [p.yaml]
)",
     {"nw.yaml:1:59: sources[0].priority: 'urgent' is not allowed, expected one of high, normal, low"}},
    {"ZeroMaxLinks", R"(sources: [{name: a, url: https://a.example/, kind: html, listing: {max_links: 0}}]
profiles: [p.yaml]
)",
     {"nw.yaml:1:79: sources[0].listing.max_links: '0' is not a count, expected a whole number above zero"}},
    {"UnknownCrawlKey", R"(sources: [{name: a, url: https://a.example/rss}]
profiles: [p.yaml]
crawl: {respect_robots: false}
)",
     {"nw.yaml:3:9: crawl: unknown key 'respect_robots', expected one of "
      "respect_robots_txt, robots_ttl, max_pending, retry_failed_after, max_crawl_delay"}},
};

class LoadErrors : public testing::TestWithParam<BadConfig> {};

// Given a config with one problem, we should report exactly that problem, with its position, and no config.
TEST_P(LoadErrors, ReportsExactlyTheProblem) {
  const config::LoadResult result = config::load_text(GetParam().yaml, "nw.yaml");
  EXPECT_FALSE(result.config.has_value());
  EXPECT_EQ(result.errors, GetParam().errors);
}

INSTANTIATE_TEST_SUITE_P(Config, LoadErrors, testing::ValuesIn(kBadConfigs),
                         [](const testing::TestParamInfo<BadConfig>& info) { return std::string(info.param.name); });

}  // namespace
