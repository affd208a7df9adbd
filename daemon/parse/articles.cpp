// to_articles: Feed entries -> core::Article (the model the rest of the pipeline speaks).
#include "parse/parser.h"

namespace parse {

std::vector<core::Article> to_articles(const Feed& feed, const std::string& source_name) {
  std::vector<core::Article> out;
  out.reserve(feed.entries.size());
  for (const Entry& e : feed.entries) {
    core::Article a;
    a.source = source_name;
    a.id = e.id;
    a.link = e.link;
    a.title = e.title;
    a.summary = e.summary;
    a.content = e.content;
    a.author = e.author;
    a.published = e.published;
    a.updated = e.updated;
    a.categories = e.tags;
    a.language = !e.language.empty() ? e.language : feed.feed.language;
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace parse
