#include "parse/json_feed.h"

#include <nlohmann/json.hpp>

#include "parse/assemble.h"
#include "parse/text_construct.h"
#include "parse/text_util.h"
#include "parse/url.h"

namespace parse {
namespace {

using nlohmann::json;

constexpr std::string_view kVersionPrefix = "https://jsonfeed.org/version/";

// Parses as much as possible: on a syntax error the DOM built so far (a truncated tail) is kept.
bool parse_lenient(std::string_view text, json& out, std::string& error) {
  struct Sax : nlohmann::detail::json_sax_dom_parser<json> {
    using json_sax_dom_parser::json_sax_dom_parser;
    std::string* error = nullptr;
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) {
      *error = e.what();
      return false;
    }
  };
  Sax sax(out, false);
  sax.error = &error;
  return json::sax_parse(text.begin(), text.end(), &sax, json::input_format_t::json, true) &&
         error.empty();
}

// A member as text: strings trimmed (C1 controls mapped), numbers written out, else "".
std::string text(const json& obj, const char* key) {
  if (!obj.is_object()) return {};
  const auto it = obj.find(key);
  if (it == obj.end()) return {};
  std::string s;
  if (it->is_string()) {
    s = it->get_ref<const std::string&>();
  } else if (it->is_number()) {
    s = it->dump();
  }
  clean_text(s);
  return s;
}

const json& member(const json& obj, const char* key) {
  static const json kNull;
  if (!obj.is_object()) return kNull;
  const auto it = obj.find(key);
  return it == obj.end() ? kNull : *it;
}

std::string url(const json& obj, const char* key, const std::string& base) {
  const std::string u = text(obj, key);
  return u.empty() ? u : resolve_url(base, u);
}

// 1.1 "authors" (array) before 1.0 "author" (object): the first name, else its URL.
std::string author(const json& obj) {
  const json& authors = member(obj, "authors");
  const json& first = authors.is_array() && !authors.empty() ? authors.front() : member(obj, "author");
  std::string name = text(first, "name");
  return name.empty() ? text(first, "url") : name;
}

std::optional<core::UnixSeconds> date(const json& obj, const char* key, std::size_t& bad_dates) {
  const std::string s = text(obj, key);
  std::optional<core::UnixSeconds> t = parse_date(s);
  if (!t && !s.empty()) ++bad_dates;
  return t;
}

std::vector<std::string> tags(const json& obj) {
  std::vector<std::string> out;
  const json& list = member(obj, "tags");
  if (!list.is_array()) return out;
  for (const json& t : list) {
    if (!t.is_string()) continue;
    std::string s = t.get<std::string>();
    clean_text(s);
    if (!s.empty()) out.push_back(std::move(s));
  }
  return out;
}

void read_attachments(const json& item, const std::string& base, Entry& e) {
  const json& list = member(item, "attachments");
  if (!list.is_array()) return;
  for (const json& a : list) {
    Enclosure enc{url(a, "url", base), text(a, "mime_type"), text(a, "size_in_bytes")};
    if (enc.href.empty()) continue;
    e.links.push_back({enc.href, "enclosure", enc.type});
    e.enclosures.push_back(std::move(enc));
  }
}

Entry read_item(const json& item, const std::string& base, std::size_t& bad_dates) {
  Entry e;
  const std::size_t bad_before = bad_dates;
  e.title = text(item, "title");
  const std::string link = url(item, "url", base);
  const std::string external = url(item, "external_url", base);
  e.link = link.empty() ? external : link;
  if (!link.empty()) e.links.push_back({link, "alternate", "text/html"});
  if (!external.empty()) e.links.push_back({external, "related", "text/html"});
  e.id = text(item, "id");
  if (e.id.empty()) e.id = e.link;
  e.content = text(item, "content_html");
  if (e.content.empty()) e.content = text(item, "content_text");
  e.summary = text(item, "summary");
  if (e.summary.empty()) e.summary = e.content;
  e.author = author(item);
  e.published = date(item, "date_published", bad_dates);
  e.updated = date(item, "date_modified", bad_dates);
  e.tags = tags(item);
  read_attachments(item, base, e);
  for (const char* key : {"image", "banner_image"}) {
    std::string image = url(item, key, base);
    if (!image.empty()) e.media.push_back({std::move(image), "", "image", "", ""});
  }
  e.language = language_tag(text(item, "language"));
  e.bad_date = bad_dates > bad_before;
  return e;
}

std::string version_code(const json& doc) {
  const std::string v = text(doc, "version");
  if (v.rfind(kVersionPrefix, 0) != 0) return member(doc, "items").is_array() ? "json" : "";
  const std::string_view number = std::string_view(v).substr(kVersionPrefix.size());
  if (number == "1" || number == "1.0") return "json1";
  if (number == "1.1") return "json11";
  return "json";
}

void read_meta(const json& doc, const std::string& base, const std::string& content_language,
               Feed& feed) {
  FeedMeta& m = feed.feed;
  m.title = text(doc, "title");
  m.subtitle = text(doc, "description");
  m.link = url(doc, "home_page_url", base);
  if (!m.link.empty()) m.links.push_back({m.link, "alternate", "text/html"});
  const std::string self = url(doc, "feed_url", base);
  if (!self.empty()) m.links.push_back({self, "self", "application/feed+json"});
  m.id = self;
  m.author = author(doc);
  m.language = language_tag(text(doc, "language"));
  if (m.language.empty()) m.language = content_language;
}

}  // namespace

bool looks_like_json(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  return first != std::string_view::npos && text[first] == '{';
}

void read_json_feed(std::string_view text, const std::string& base,
                    const std::string& content_language, Feed& feed) {
  json doc;
  std::string error;
  if (!parse_lenient(text, doc, error)) mark_bozo(feed, "invalid JSON: " + error);
  feed.version = version_code(doc);
  if (feed.version.empty()) return mark_bozo(feed, "not a recognised feed format");
  read_meta(doc, base, content_language, feed);
  const json& items = member(doc, "items");
  if (!items.is_array()) return;
  for (const json& item : items) {
    if (!item.is_object()) continue;
    feed.entries.push_back(read_item(item, base, feed.bad_dates));
  }
}

}  // namespace parse
