// parse_feed: bytes -> UTF-8 -> entity repair -> pugixml DOM -> format detection -> Feed.
#include "parse/parser.h"

#include <pugixml.hpp>

#include "parse/cdf.h"
#include "parse/detect.h"
#include "parse/encoding.h"
#include "parse/fields.h"
#include "parse/json_feed.h"
#include "parse/scope.h"
#include "parse/url.h"
#include "parse/xml_names.h"
#include "parse/xml_repair.h"

namespace parse {
namespace {

// How much of the document start detect_version may look at (for the RSS 0.91 DOCTYPE).
constexpr std::size_t kPrologBytes = 4096;

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
  e.media = std::move(f.media);
  e.thumbnails = std::move(f.thumbnails);
  if (e.summary.empty()) e.summary = std::move(f.media_description);
  e.bad_date = f.bad_dates > 0;
  e.language = !f.language.empty() ? std::move(f.language) : scope.lang.value_or("");
  return e;
}

// Only the local name, as qualify(node).local would give it: no namespace lookup needed.
bool is_item(const pugi::xml_node& node, std::string_view item_name) {
  return node.type() == pugi::node_element && local_name(node.name()) == item_name;
}

bool declares_namespaces(const pugi::xml_node& node) {
  for (const pugi::xml_attribute& a : node.attributes()) {
    if (std::string_view(a.name()).starts_with("xmlns")) return true;
  }
  return false;
}

// The items of one parent. Item names are resolved like any child's, with the bindings shared
// by all items that declare no namespace of their own (most feeds: every item).
void read_items(const pugi::xml_node& parent, std::string_view item_name, const Scope& parent_scope,
                bool atom10, Detail detail, Feed& feed) {
  ChildNames item_names, shared_field_names;
  for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) {
    if (c.type() != pugi::node_element || item_names.qualify_child(c).local != item_name) continue;
    const std::optional<Scope> own_scope =
        changes_scope(c) ? std::optional<Scope>(enter(parent_scope, c)) : std::nullopt;
    const Scope& item_scope = own_scope ? *own_scope : parent_scope;
    ChildNames own_names;
    Fields f = read_fields(c, item_scope, atom10, detail, declares_namespaces(c) ? own_names : shared_field_names);
    if (f.undeclared_prefix) mark_bozo(feed, "undeclared namespace prefix");
    feed.bad_dates += f.bad_dates;
    feed.entries.push_back(to_entry(std::move(f), c, item_scope));
  }
}

// Items are children of the channel (RSS 2.0) or siblings of it (RSS 1.0 / 0.90).
void read_entries(const pugi::xml_node& root, const pugi::xml_node& channel, const Scope& scope,
                  Detail detail, Feed& feed) {
  const std::string_view item_name = is_atom(feed.version) ? "entry" : "item";
  const bool atom10 = feed.version == "atom10";
  const pugi::xml_node parents[] = {channel, root == channel ? pugi::xml_node() : root};
  std::size_t count = 0;  // a first cheap pass, so that entries never move while growing
  for (const pugi::xml_node& parent : parents) {
    for (pugi::xml_node c = parent.first_child(); c; c = c.next_sibling()) count += is_item(c, item_name);
  }
  feed.entries.reserve(count);
  for (const pugi::xml_node& parent : parents) {
    if (!parent) continue;
    if (parent == root) {
      read_items(parent, item_name, scope, atom10, detail, feed);
    } else {
      read_items(parent, item_name, enter(scope, parent), atom10, detail, feed);
    }
  }
}

// RSS <ttl> (not an Atom or CDF element); the scheduler polls no more often than this asks.
bool has_ttl(std::string_view version) { return version.rfind("rss", 0) == 0; }

void read_document(const pugi::xml_node& root, std::string_view text, const HttpContext& http,
                   Detail detail, Feed& feed) {
  feed.version = detect_version(root, text);
  if (feed.version.empty()) return mark_bozo(feed, "not a recognised feed format");
  if (qualify(root).undeclared_prefix) mark_bozo(feed, "undeclared namespace prefix");
  const Scope root_scope = enter(Scope{http_base(http), std::nullopt}, root);
  if (feed.version == "cdf") return read_cdf(root, root_scope, feed);
  pugi::xml_node channel = is_atom(feed.version) ? root : first_child(root, "channel");
  if (!channel) channel = root;
  const Scope channel_scope = channel == root ? root_scope : enter(root_scope, channel);
  Fields f = read_fields(channel, channel_scope, feed.version == "atom10", detail);
  if (f.undeclared_prefix) mark_bozo(feed, "undeclared namespace prefix");
  feed.bad_dates += f.bad_dates;
  if (has_ttl(feed.version)) feed.ttl_seconds = f.ttl_seconds;
  feed.feed = to_meta(std::move(f));
  if (feed.feed.language.empty()) feed.feed.language = channel_scope.lang.value_or("");
  if (feed.feed.language.empty() && !channel_scope.lang) feed.feed.language = http.content_language;
  read_entries(root, channel, root_scope, detail, feed);
}

// Dates after now (+ slack) are a publisher's clock or zone error: keep the item, at `now`.
void clamp_future_dates(Feed& feed, core::UnixSeconds now) {
  for (Entry& e : feed.entries) {
    for (std::optional<core::UnixSeconds>* t : {&e.published, &e.updated}) {
      if (!*t || **t <= now + kFutureDateSlack) continue;
      *t = now;
      e.future_date = true;
    }
    if (e.future_date) ++feed.future_dates;
  }
}

void parse_document(std::string_view bytes, const HttpContext& http, Detail detail, Feed& feed) {
  DecodedDocument decoded = decode_document(bytes, http.content_type);
  feed.encoding = decoded.encoding;
  if (looks_like_json(decoded.text())) {
    if (!decoded.non_xml_media_type) mark_bozo(feed, decoded.problem);
    return read_json_feed(decoded.text(), http_base(http), http.content_language, feed);
  }
  mark_bozo(feed, decoded.problem);
  RepairResult repaired = repair_entities(decoded.text());
  mark_bozo(feed, repaired.problem);
  // pugixml parses in place (no copy) when the UTF-8 text is already a buffer of our own.
  std::string* owned = repaired.changed ? &repaired.text : decoded.converted ? &decoded.storage : nullptr;
  const std::string_view text = owned != nullptr ? std::string_view(*owned) : decoded.text();
  const std::string prolog(text.substr(0, kPrologBytes));  // in-place parsing rewrites `text`
  // In-place parsing turns the buffer's last byte into a terminator, which would cut the last
  // character of a truncated document: give it a byte of its own, as load_buffer's copy has.
  if (owned != nullptr) owned->push_back('\0');
  pugi::xml_document doc;
  const pugi::xml_parse_result result =
      owned != nullptr
          ? doc.load_buffer_inplace(owned->data(), owned->size(), pugi::parse_default, pugi::encoding_utf8)
          : doc.load_buffer(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!result) mark_bozo(feed, result.description());
  const pugi::xml_node root = doc.document_element();
  if (!root) return mark_bozo(feed, "empty document");
  read_document(root, prolog, http, detail, feed);
}

}  // namespace

Feed parse_feed(std::string_view bytes, const HttpContext& http,
                std::optional<core::UnixSeconds> now, Detail detail) {
  Feed feed;
  parse_document(bytes, http, detail, feed);
  if (now) clamp_future_dates(feed, *now);
  return feed;
}

}  // namespace parse
