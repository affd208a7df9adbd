// Throughput of TopicFilter::classify on realistic multilingual articles: the texts of the
// repository's own labelled set (tests/classify/testdata/own_cases.jsonl), joined per language
// into articles of about 3 KB with page boilerplate, as a feed item would carry them.
// Reports bytes/s (title + text) on one thread; run with --benchmark_min_time=2 for stable figures.
#include <benchmark/benchmark.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <stdexcept>

#include "classify/topic_filter.h"

namespace {

const char* const kBoilerplate =
    "Share this article. Subscribe to our newsletter. Read also: markets close higher; weather "
    "forecast for the weekend. © All rights reserved.\n";

std::vector<classify::Document> make_articles() {
  std::ifstream in(NEWSWATCH_SOURCE_DIR "/tests/classify/testdata/own_cases.jsonl");
  if (!in) throw std::runtime_error("cannot read own_cases.jsonl");
  std::map<std::string, std::vector<nlohmann::json>> by_language;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) {
      auto item = nlohmann::json::parse(line);
      by_language[item.at("lang").get<std::string>()].push_back(std::move(item));
    }
  }
  std::vector<classify::Document> articles;
  for (const auto& [language, items] : by_language) {
    for (std::size_t first = 0; first < items.size(); ++first) {
      classify::Document doc{items[first].at("id"), items[first].at("title"), "", ""};
      for (std::size_t k = 0; doc.text.size() < 3000; ++k) {
        doc.text += items[(first + k) % items.size()].at("text").get<std::string>() + "\n";
        if (k % 3 == 2) doc.text += kBoilerplate;
      }
      articles.push_back(std::move(doc));
    }
  }
  return articles;
}

std::shared_ptr<const classify::Profile> shipped_profile() {
  auto load = classify::load_profile_file(NEWSWATCH_SOURCE_DIR "/config/profiles/iran-russia-treaty.yaml");
  if (!load.profile) throw std::runtime_error("the shipped profile does not load");
  return load.profile;
}

void BM_ClassifyArticles(benchmark::State& state) {
  static const std::vector<classify::Document> articles = make_articles();
  static const classify::TopicFilter filter(shipped_profile());
  std::size_t bytes = 0, i = 0, matches = 0;
  for (auto _ : state) {
    const classify::Document& doc = articles[i++ % articles.size()];
    const classify::Verdict verdict = filter.classify(doc);
    matches += verdict.match;
    benchmark::DoNotOptimize(verdict.score);
    bytes += doc.title.size() + doc.text.size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["articles"] = static_cast<double>(articles.size());
  state.counters["match_rate"] = i ? static_cast<double>(matches) / static_cast<double>(i) : 0;
}
BENCHMARK(BM_ClassifyArticles);

}  // namespace

BENCHMARK_MAIN();
