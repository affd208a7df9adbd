// Full feed parse (parse_feed -> to_articles, as the daemon does it: Detail::articles) against a
// bare pugi::xml_document::load_buffer of the same bytes, in the same run; also the parse that
// keeps every field (Detail::full, as `newswatchd parse-feed` prints it). Usage:
//   bench_parse [--corpus-mb=N] [--only=PREFIX] [--check] [--write-corpus=DIR] [--groups=N] [Google Benchmark flags]
// (--check first compares the one-pass and DOM readers on every document; --only=atom10 keeps the feeds whose names start so: atom10, rdf, rss20-utf8, rss20-cp1251, ...)
// Prints MB/s per benchmark and, at the end, the cost ratio full/bare; then the same ratio measured
// interleaved (each document parsed bare and fully one after the other, the order rotating, for
// several rounds), which a shared machine whose speed drifts between benchmarks cannot skew.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <string>

#include <pugixml.hpp>

#include "feed_corpus.h"
#include "parse/parser.h"
#include "parse/stream_reader.h"

namespace {

std::vector<benchparse::CorpusFeed> g_xml, g_json;

std::size_t total_bytes(const std::vector<benchparse::CorpusFeed>& feeds) {
  std::size_t n = 0;
  for (const auto& f : feeds) n += f.bytes.size();
  return n;
}

// The two parses compared, of one document: pugixml's alone, and ours to items.
void parse_bare(const benchparse::CorpusFeed& f) {
  pugi::xml_document doc;
  benchmark::DoNotOptimize(doc.load_buffer(f.bytes.data(), f.bytes.size()));
}

std::size_t parse_to_articles(const benchparse::CorpusFeed& f, parse::Detail detail) {
  const parse::HttpContext http{"https://feeds.example.test/" + f.name, f.content_type, "", ""};
  const auto out = parse::to_articles(parse::parse_feed(f.bytes, http, std::nullopt, detail), "bench");
  benchmark::DoNotOptimize(out.data());
  return out.size();
}

// --check: the daemon's parse of each document by the one-pass reader and by the DOM reader
// alone must give the same feed (as the fuzz target checks for arbitrary input). Returns the
// number of documents that differ.
int check_readers() {
  int differ = 0;
  for (const auto& f : g_xml) {
    const parse::HttpContext http{"https://feeds.example.test/" + f.name, f.content_type, "", ""};
    using parse::Detail;
    using parse::XmlReader;
    const parse::Feed any = parse::parse_feed(f.bytes, http, std::nullopt, Detail::articles, XmlReader::kStreamWhenPossible);
    const parse::Feed dom = parse::parse_feed(f.bytes, http, std::nullopt, Detail::articles, XmlReader::kDomOnly);
    if (parse::to_articles(any, "bench") != parse::to_articles(dom, "bench") || any.bozo_message != dom.bozo_message ||
        any.bad_dates != dom.bad_dates || parse::to_conformance_json(any) != parse::to_conformance_json(dom)) {
      std::fprintf(stderr, "%s: the one-pass reader and the DOM reader differ\n", f.name.c_str());
      ++differ;
    }
  }
  std::printf("reader check: %zu documents, %d differ\n", g_xml.size(), differ);
  return differ;
}

void BM_BarePugixml(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& f : g_xml) parse_bare(f);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes(g_xml)));
}

void full_parse(benchmark::State& state, const std::vector<benchparse::CorpusFeed>& feeds,
                parse::Detail detail = parse::Detail::articles) {
  std::size_t articles = 0;
  for (auto _ : state) {
    for (const auto& f : feeds) articles += parse_to_articles(f, detail);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * total_bytes(feeds)));
  state.counters["articles"] = benchmark::Counter(static_cast<double>(articles), benchmark::Counter::kIsRate);
}

void BM_FullParseXml(benchmark::State& state) { full_parse(state, g_xml); }
void BM_FullParseXmlAllFields(benchmark::State& state) { full_parse(state, g_xml, parse::Detail::full); }
void BM_FullParseJsonFeed(benchmark::State& state) { full_parse(state, g_json); }

BENCHMARK(BM_BarePugixml)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FullParseXml)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FullParseXmlAllFields)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FullParseJsonFeed)->Unit(benchmark::kMillisecond);

// Remembers bytes/s per benchmark to print the ratio after the table.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& r : runs) {
      const auto it = r.counters.find("bytes_per_second");
      if (it != r.counters.end()) rate_[r.benchmark_name()] = it->second.value;
    }
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    const double bare = rate_["BM_BarePugixml"], full = rate_["BM_FullParseXml"];
    const double all = rate_["BM_FullParseXmlAllFields"];
    if (bare > 0 && full > 0) {
      std::printf("XML corpus %.1f MB: bare pugixml %.1f MB/s, full parse %.1f MB/s, cost ratio %.2fx\n",
                  static_cast<double>(total_bytes(g_xml)) / 1e6, bare / 1e6, full / 1e6, bare / full);
    }
    if (bare > 0 && all > 0) {
      std::printf("  keeping every field (parse-feed): %.1f MB/s, cost ratio %.2fx\n", all / 1e6, bare / all);
    }
  }

 private:
  std::map<std::string, double> rate_;
};

// Bare and full parses of each document back to back, several rounds over the corpus. The order
// of the three parses rotates from round to round, so each comes first (reading a cold document)
// equally often; the cost ratios are those of each group of three rounds, and the median group's
// is printed.
void interleaved_ratio(int groups) {
  using Clock = std::chrono::steady_clock;
  const auto timed = [](auto&& parse) {
    const auto t0 = Clock::now();
    parse();
    return std::chrono::duration<double>(Clock::now() - t0).count();
  };
  std::vector<double> ratio[2];
  std::map<std::string, std::array<double, 3>> by_kind;  // "rss20-cp1251" -> seconds, all groups
  for (int group = 0; group < groups; ++group) {
    double seconds[3] = {0, 0, 0};  // bare, daemon's parse (Detail::articles), every field
    for (int round = 0; round < 3; ++round) {
      for (const auto& f : g_xml) {
        auto& kind = by_kind[f.name.substr(0, f.name.rfind('-'))];
        for (int k = 0; k < 3; ++k) {
          const int which = (round + k) % 3;
          const double t = timed([&] {
            if (which == 0) return parse_bare(f);
            parse_to_articles(f, which == 1 ? parse::Detail::articles : parse::Detail::full);
          });
          seconds[which] += t;
          kind[which] += t;
        }
      }
    }
    ratio[0].push_back(seconds[1] / seconds[0]);
    ratio[1].push_back(seconds[2] / seconds[0]);
  }
  for (auto& r : ratio) std::sort(r.begin(), r.end());
  std::printf("interleaved, median of %d groups of 3 rounds: cost ratio %.2fx (daemon's parse), %.2fx (every field)\n",
              groups, ratio[0][ratio[0].size() / 2], ratio[1][ratio[1].size() / 2]);
  for (const auto& [kind, seconds] : by_kind) {
    std::printf("  %-14s %.2fx (daemon's parse), %.2fx (every field)\n", kind.c_str(), seconds[1] / seconds[0],
                seconds[2] / seconds[0]);
  }
}

}  // namespace

int main(int argc, char** argv) {
  double corpus_mb = 12;
  int groups = 5;
  std::string write_dir, only;
  bool check = false;
  std::vector<char*> rest{argv[0]};
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--corpus-mb=", 12) == 0) corpus_mb = std::atof(argv[i] + 12);
    else if (std::strncmp(argv[i], "--write-corpus=", 15) == 0) write_dir = argv[i] + 15;
    else if (std::strncmp(argv[i], "--only=", 7) == 0) only = argv[i] + 7;
    else if (std::strcmp(argv[i], "--check") == 0) check = true;
    else if (std::strncmp(argv[i], "--groups=", 9) == 0) groups = std::max(1, std::atoi(argv[i] + 9));
    else rest.push_back(argv[i]);
  }
  for (auto& f : benchparse::make_corpus(static_cast<std::size_t>(corpus_mb * 1e6))) {
    if (f.name.rfind(only, 0) != 0) continue;
    if (!write_dir.empty()) std::ofstream(write_dir + "/" + f.name, std::ios::binary) << f.bytes;
    (f.name.rfind("jsonfeed", 0) == 0 ? g_json : g_xml).push_back(std::move(f));
  }
  if (check && check_readers() != 0) return 1;
  int rest_argc = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_argc, rest.data());
  if (benchmark::ReportUnrecognizedArguments(rest_argc, rest.data())) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  interleaved_ratio(groups);
  return 0;
}
