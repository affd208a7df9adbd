#include "parse/assemble.h"

#include "parse/url.h"

namespace parse {
namespace {

FeedMeta to_meta(Fields&& f) {
  FeedMeta m;
  m.title = std::move(f.title);
  m.subtitle = std::move(f.summary);
  m.link = std::move(f.link);
  m.id = std::move(f.id);
  m.language = std::move(f.language);
  m.author = std::move(f.author);
  m.updated = f.updated;
  m.published = f.published;
  m.tags = std::move(f.tags);
  m.links = std::move(f.links);
  return m;
}

// Filled in place (in the feed's vector): an entry is large, and each move of it costs.
void fill_entry(Entry& e, Fields&& f, std::string_view about, const Scope& scope) {
  e.title = std::move(f.title);
  e.link = f.link.empty() ? std::move(f.guid_link) : std::move(f.link);
  e.id = f.id.empty() ? std::string(about) : std::move(f.id);
  e.content = std::move(f.content);
  e.summary = f.summary.empty() ? e.content : std::move(f.summary);
  e.author = std::move(f.author);
  e.published = f.published;
  e.updated = f.updated;
  e.tags = std::move(f.tags);
  e.links = std::move(f.links);
  e.enclosures = std::move(f.enclosures);
  e.media = std::move(f.media);
  e.thumbnails = std::move(f.thumbnails);
  if (e.summary.empty()) e.summary = std::move(f.media_description);
  e.bad_date = f.bad_dates > 0;
  e.language = !f.language.empty() ? std::move(f.language) : scope.lang.value_or("");
}

// RSS <ttl> (not an Atom or CDF element); the scheduler polls no more often than this asks.
bool has_ttl(std::string_view version) { return version.rfind("rss", 0) == 0; }

}  // namespace

void mark_bozo(Feed& feed, std::string_view why) {
  if (why.empty()) return;
  if (!feed.bozo) feed.bozo_message = std::string(why);
  feed.bozo = true;
}

std::string http_base(const HttpContext& http) {
  if (http.content_location.empty()) return http.url;
  std::string location = resolve_url(http.url, http.content_location);
  return is_safe_base_scheme(url_scheme(location)) ? location : http.url;
}

void add_channel(Fields&& f, const Scope& channel_scope, const HttpContext& http, Feed& feed) {
  if (f.undeclared_prefix) mark_bozo(feed, "undeclared namespace prefix");
  feed.bad_dates += f.bad_dates;
  if (has_ttl(feed.version)) feed.ttl_seconds = f.ttl_seconds;
  feed.feed = to_meta(std::move(f));
  if (feed.feed.language.empty()) feed.feed.language = channel_scope.lang.value_or("");
  if (feed.feed.language.empty() && !channel_scope.lang) feed.feed.language = http.content_language;
}

void add_entry(Fields&& f, std::string_view about, const Scope& item_scope, Feed& feed) {
  if (f.undeclared_prefix) mark_bozo(feed, "undeclared namespace prefix");
  feed.bad_dates += f.bad_dates;
  fill_entry(feed.entries.emplace_back(), std::move(f), about, item_scope);
}

}  // namespace parse
