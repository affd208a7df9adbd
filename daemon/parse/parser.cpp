// parse_feed: bytes -> UTF-8 -> entity repair -> pugixml DOM -> format detection -> Feed.
#include "parse/parser.h"

#include <pugixml.hpp>

#include "parse/cdf.h"
#include "parse/detect.h"
#include "parse/encoding.h"
#include "parse/fields.h"
#include "parse/url.h"
#include "parse/xml_names.h"
#include "parse/xml_repair.h"

namespace parse {
namespace {

void mark_bozo(Feed& feed, std::string_view why) {
  if (why.empty()) return;
  if (!feed.bozo) feed.bozo_message = std::string(why);
  feed.bozo = true;
}

// Content-Location (resolved against the URL) when its scheme is safe, else the URL.
std::string http_base(const HttpContext& http) {
  if (http.content_location.empty()) return http.url;
  std::string location = resolve_url(http.url, http.content_location);
  return is_safe_base_scheme(url_scheme(location)) ? location : http.url;
}

pugi::xml_node first_child(const pugi::xml_node& parent, std::string_view local) {
  for (const pugi::xml_node& c : parent.children()) {
    if (c.type() == pugi::node_element && qualify(c).local == local) return c;
  }
  return {};
}

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

Entry to_entry(Fields&& f, const pugi::xml_node& node, const Scope& scope) {
  Entry e;
  e.title = std::move(f.title);
  e.link = f.link.empty() ? std::move(f.guid_link) : std::move(f.link);
  e.id = f.id.empty() ? std::string(attribute(node, "about", Ns::kRdf)) : std::move(f.id);
  e.content = std::move(f.content);
  e.summary = f.summary.empty() ? e.content : std::move(f.summary);
  e.author = std::move(f.author);
  e.published = f.published;
  e.updated = f.updated;
  e.tags = std::move(f.tags);
  e.links = std::move(f.links);
  e.enclosures = std::move(f.enclosures);
  e.language = !f.language.empty() ? std::move(f.language) : scope.lang.value_or("");
  return e;
}

// Items are children of the channel (RSS 2.0) or siblings of it (RSS 1.0 / 0.90).
void read_entries(const pugi::xml_node& root, const pugi::xml_node& channel, const Scope& scope,
                  Feed& feed) {
  const bool atom = is_atom(feed.version);
  const std::string_view item_name = atom ? "entry" : "item";
  const pugi::xml_node parents[] = {channel, root == channel ? pugi::xml_node() : root};
  for (const pugi::xml_node& parent : parents) {
    const Scope parent_scope = parent == root ? scope : enter(scope, parent);
    for (const pugi::xml_node& c : parent.children()) {
      if (c.type() != pugi::node_element || qualify(c).local != item_name) continue;
      const Scope item_scope = enter(parent_scope, c);
      Fields f = read_fields(c, item_scope, feed.version == "atom10");
      if (f.undeclared_prefix) mark_bozo(feed, "undeclared namespace prefix");
      feed.entries.push_back(to_entry(std::move(f), c, item_scope));
    }
  }
}

void read_document(const pugi::xml_node& root, std::string_view text, const HttpContext& http,
                   Feed& feed) {
  feed.version = detect_version(root, text);
  if (feed.version.empty()) return mark_bozo(feed, "not a recognised feed format");
  if (qualify(root).undeclared_prefix) mark_bozo(feed, "undeclared namespace prefix");
  const Scope root_scope = enter(Scope{http_base(http), std::nullopt}, root);
  if (feed.version == "cdf") return read_cdf(root, root_scope, feed);
  pugi::xml_node channel = is_atom(feed.version) ? root : first_child(root, "channel");
  if (!channel) channel = root;
  const Scope channel_scope = channel == root ? root_scope : enter(root_scope, channel);
  Fields f = read_fields(channel, channel_scope, feed.version == "atom10");
  if (f.undeclared_prefix) mark_bozo(feed, "undeclared namespace prefix");
  feed.feed = to_meta(std::move(f));
  if (feed.feed.language.empty()) feed.feed.language = channel_scope.lang.value_or("");
  if (feed.feed.language.empty() && !channel_scope.lang) feed.feed.language = http.content_language;
  read_entries(root, channel, root_scope, feed);
}

}  // namespace

Feed parse_feed(std::string_view bytes, const HttpContext& http) {
  Feed feed;
  const DecodedDocument decoded = decode_document(bytes, http.content_type);
  feed.encoding = decoded.encoding;
  mark_bozo(feed, decoded.problem);
  const RepairResult repaired = repair_entities(decoded.text());
  mark_bozo(feed, repaired.problem);
  const std::string_view text = repaired.changed ? std::string_view(repaired.text) : decoded.text();
  pugi::xml_document doc;
  const pugi::xml_parse_result result =
      doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!result) mark_bozo(feed, result.description());
  const pugi::xml_node root = doc.document_element();
  if (!root) {
    mark_bozo(feed, "empty document");
    return feed;
  }
  read_document(root, text, http, feed);
  return feed;
}

}  // namespace parse
