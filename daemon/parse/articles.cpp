// to_articles: Feed entries -> core::Article (the model the rest of the pipeline speaks).
#include "parse/parser.h"

namespace parse {

namespace {

// One implementation for both overloads: copies from a const Feed, moves from a temporary.
template <typename FeedRef, typename Take>
std::vector<core::Article> convert(FeedRef& feed, const std::string& source_name, Take take) {
  std::vector<core::Article> out;
  out.reserve(feed.entries.size());
  for (auto& e : feed.entries) {
    core::Article& a = out.emplace_back();  // filled in place: no move of the whole article
    a.source = source_name;
    a.id = take(e.id);
    a.link = take(e.link);
    a.title = take(e.title);
    a.summary = take(e.summary);
    a.content = take(e.content);
    a.author = take(e.author);
    a.published = e.published;
    a.updated = e.updated;
    a.categories = take(e.tags);
    a.language = !e.language.empty() ? take(e.language) : feed.feed.language;
  }
  return out;
}

}  // namespace

std::vector<core::Article> to_articles(const Feed& feed, const std::string& source_name) {
  return convert(feed, source_name, [](const auto& v) { return v; });
}

std::vector<core::Article> to_articles(Feed&& feed, const std::string& source_name) {
  return convert(feed, source_name, [](auto& v) { return std::move(v); });
}

}  // namespace parse
