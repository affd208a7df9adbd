#include "config/sections.h"

#include "config/schema.h"
#include "config/values.h"

#include <array>

namespace config::detail {
namespace {

// Each table: key | required | what it expects | reader. Defaults live in config.h;
// config/newswatch.example.yaml echoes both.

const std::array<Field<Kafka>, 4> kKafkaFields{{
    {{"brokers", false, "'embedded' or host:port,host:port"},
     [](const YAML::Node& v, const Scope& s, Kafka& out) { assign(out.brokers, broker_list(v, s)); }},
    {{"topic", false, "a topic name"},
     [](const YAML::Node& v, const Scope& s, Kafka& out) { assign(out.topic, text(v, s, "a topic name")); }},
    {{"properties", false, "a map of librdkafka properties"},
     [](const YAML::Node& v, const Scope& s, Kafka& out) { assign(out.properties, scalar_map(v, s)); }},
    {{"flush_timeout", false, "a duration like 10s"},
     [](const YAML::Node& v, const Scope& s, Kafka& out) { assign(out.flush_timeout, positive_duration(v, s)); }},
}};

const std::array<Field<Metrics>, 1> kMetricsFields{{
    {{"listen", false, "host:port"},
     [](const YAML::Node& v, const Scope& s, Metrics& out) { assign(out.listen, listen_address(v, s)); }},
}};

const std::array<Field<Fetch>, 10> kFetchFields{{
    {{"connect_timeout", false, "a duration like 10s"},
     [](const YAML::Node& v, const Scope& s, Fetch& out) { assign(out.connect_timeout, positive_duration(v, s)); }},
    {{"timeout", false, "a duration like 30s"},
     [](const YAML::Node& v, const Scope& s, Fetch& out) { assign(out.timeout, positive_duration(v, s)); }},
    {{"max_body_bytes", false, "a byte count like 16MiB"},
     [](const YAML::Node& v, const Scope& s, Fetch& out) { assign(out.max_body_bytes, positive_byte_size(v, s)); }},
    {{"max_in_flight", false, "a whole number above zero"},
     [](const YAML::Node& v, const Scope& s, Fetch& out) { assign(out.max_in_flight, positive_count(v, s)); }},
    {{"user_agent", false, "a User-Agent header value, or empty for the default"},
     [](const YAML::Node& v, const Scope& s, Fetch& out) {
       assign(out.user_agent, text(v, s, "a User-Agent header value", /*allow_empty=*/true));
     }},
    {{"per_host_max_in_flight", false, "a whole number above zero"},
     [](const YAML::Node& v, const Scope& s, Fetch& out) { assign(out.per_host_max_in_flight, positive_count(v, s)); }},
    {{"per_host_min_interval", false, "a duration like 200ms"},
     [](const YAML::Node& v, const Scope& s, Fetch& out) { assign(out.per_host_min_interval, positive_duration(v, s)); }},
    {{"adaptive_interval", false, "true or false"},
     [](const YAML::Node& v, const Scope& s, Fetch& out) { assign(out.adaptive_interval, boolean(v, s)); }},
    {{"interval_min", false, "a duration like 1m"},
     [](const YAML::Node& v, const Scope& s, Fetch& out) { assign(out.interval_min, positive_duration(v, s)); }},
    {{"interval_max", false, "a duration like 1h"},
     [](const YAML::Node& v, const Scope& s, Fetch& out) { assign(out.interval_max, positive_duration(v, s)); }},
}};

const std::array<Field<Crawl>, 5> kCrawlFields{{
    {{"respect_robots_txt", false, "true or false"},
     [](const YAML::Node& v, const Scope& s, Crawl& out) { assign(out.respect_robots_txt, boolean(v, s)); }},
    {{"robots_ttl", false, "a duration like 24h"},
     [](const YAML::Node& v, const Scope& s, Crawl& out) { assign(out.robots_ttl, positive_duration(v, s)); }},
    {{"max_pending", false, "a whole number above zero"},
     [](const YAML::Node& v, const Scope& s, Crawl& out) { assign(out.max_pending, positive_count(v, s)); }},
    {{"retry_failed_after", false, "a duration like 30m"},
     [](const YAML::Node& v, const Scope& s, Crawl& out) { assign(out.retry_failed_after, positive_duration(v, s)); }},
    {{"max_crawl_delay", false, "a duration like 30s"},
     [](const YAML::Node& v, const Scope& s, Crawl& out) { assign(out.max_crawl_delay, positive_duration(v, s)); }},
}};

constexpr std::array<std::string_view, 4> kLogLevels{"debug", "info", "warning", "error"};

const std::array<Field<Log>, 1> kLogFields{{
    {{"level", false, "one of debug, info, warning, error"},
     [](const YAML::Node& v, const Scope& s, Log& out) { assign(out.level, choice(v, s, kLogLevels)); }},
}};

const std::array<Field<Config>, 8> kConfigFields{{
    {{"sources", true, "a sequence of sources, each with name and url"},
     [](const YAML::Node& v, const Scope& s, Config& out) { read_sources(v, s, out.sources); }},
    {{"kafka", false, "a map"},
     [](const YAML::Node& v, const Scope& s, Config& out) { read_map<Kafka>(v, s, kKafkaFields, out.kafka); }},
    {{"metrics", false, "a map"},
     [](const YAML::Node& v, const Scope& s, Config& out) { read_map<Metrics>(v, s, kMetricsFields, out.metrics); }},
    {{"state_dir", false, "a directory path"},
     [](const YAML::Node& v, const Scope& s, Config& out) { assign(out.state_dir, text(v, s, "a directory path")); }},
    {{"profiles", true, "a sequence of at least one topic profile path"},
     [](const YAML::Node& v, const Scope& s, Config& out) { assign(out.profiles, path_list(v, s)); }},
    {{"fetch", false, "a map"},
     [](const YAML::Node& v, const Scope& s, Config& out) { read_map<Fetch>(v, s, kFetchFields, out.fetch); }},
    {{"crawl", false, "a map"},
     [](const YAML::Node& v, const Scope& s, Config& out) { read_map<Crawl>(v, s, kCrawlFields, out.crawl); }},
    {{"log", false, "a map"},
     [](const YAML::Node& v, const Scope& s, Config& out) { read_map<Log>(v, s, kLogFields, out.log); }},
}};

}  // namespace

void read_document(const YAML::Node& root, const Scope& scope, Config& out) {
  read_map<Config>(root, scope, kConfigFields, out);
}

}  // namespace config::detail
