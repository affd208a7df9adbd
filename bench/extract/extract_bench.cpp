// pages/s of article extraction vs the bare HTML parse (gumbo) of the same pages, one core.
#include <benchmark/benchmark.h>
#include <zlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "extract/extractor.h"

namespace {

std::string gunzip(const std::string& path) {
  std::string out;
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) return out;
  char buf[1 << 16];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, static_cast<std::size_t>(n));
  gzclose(f);
  return out;
}

// A news-like page of our own: navigation, a body of `paragraphs`, related links, comments.
std::string generated_page(int seed, int paragraphs) {
  std::string p = "<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Story " + std::to_string(seed) +
                  "</title></head><body><nav><ul>";
  for (int i = 0; i < 30; ++i) p += "<li><a href=\"/section/" + std::to_string(i) + "\">Section " + std::to_string(i) + "</a></li>";
  p += "</ul></nav><main><article><h1>Headline number " + std::to_string(seed) + "</h1><div class=body>";
  for (int i = 0; i < paragraphs; ++i)
    p += "<p>Paragraph " + std::to_string(i) + " of story " + std::to_string(seed) +
         " tells, in plain words, what the delegations agreed, when the documents were signed, and what "
         "happens next for trade, transport and energy between the two countries.</p>";
  p += "</div><aside class=related><ul>";
  for (int i = 0; i < 10; ++i) p += "<li><a href=\"/story/" + std::to_string(i) + "\">Another story headline here</a></li>";
  p += "</ul></aside></article><section class=comments>";
  for (int i = 0; i < 20; ++i) p += "<div class=comment><p>A reader comment, short and opinionated.</p></div>";
  return p + "</section></main><footer>Footer text</footer></body></html>";
}

const std::vector<std::string>& pages() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> v;
    std::filesystem::path dir = std::string(NEWSWATCH_SHARED_DIR) + "/bench/article-extraction/html";
    std::error_code ec;
    if (std::filesystem::is_directory(dir, ec))
      for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.path().string().ends_with(".html.gz")) v.push_back(gunzip(e.path().string()));
    if (v.empty())
      for (int i = 0; i < 100; ++i) v.push_back(generated_page(i, 5 + i % 30));
    return v;
  }();
  return all;
}

template <typename F>
void over_pages(benchmark::State& state, F f) {
  const auto& ps = pages();
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& p = ps[i++ % ps.size()];
    benchmark::DoNotOptimize(f(p));
    bytes += p.size();
  }
  state.counters["pages_per_s"] = benchmark::Counter(double(state.iterations()), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.SetLabel(std::to_string(ps.size()) + " pages");
}

void BM_ParseOnly(benchmark::State& state) { over_pages(state, [](const std::string& p) { return extract::parse_only(p); }); }
void BM_ExtractArticle(benchmark::State& state) {
  over_pages(state, [](const std::string& p) { return extract::extract_article(p).text.size(); });
}
void BM_FindArticleLinks(benchmark::State& state) {
  over_pages(state, [](const std::string& p) { return extract::find_article_links(p, "https://example.org/").size(); });
}

BENCHMARK(BM_ParseOnly)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ExtractArticle)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FindArticleLinks)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
