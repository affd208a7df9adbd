// parse_feed: bytes -> UTF-8 -> entity repair -> pugixml DOM -> format detection -> Feed.
#include "parse/parser.h"

#include <pugixml.hpp>

#include "parse/assemble.h"
#include "parse/cdf.h"
#include "parse/detect.h"
#include "parse/encoding.h"
#include "parse/fields.h"
#include "parse/json_feed.h"
#include "parse/scope.h"
#include "parse/stream_reader.h"
#include "parse/url.h"
#include "parse/xml_names.h"
#include "parse/xml_repair.h"

namespace parse {
namespace {

// How much of the document start detect_version may look at (for the RSS 0.91 DOCTYPE).
constexpr std::size_t kPrologBytes = 4096;

pugi::xml_node first_child(const pugi::xml_node& parent, std::string_view local) {
  for (const pugi::xml_node& c : parent.children()) {
    if (c.type() == pugi::node_element && qualify(c).local == local) return c;
  }
  return {};
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
    add_entry(std::move(f), attribute(c, "about", Ns::kRdf), item_scope, feed);
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
  add_channel(read_fields(channel, channel_scope, feed.version == "atom10", detail), channel_scope, http, feed);
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

void parse_document(std::string_view bytes, const HttpContext& http, Detail detail, XmlReader reader, Feed& feed) {
  DecodedDocument decoded = decode_document(bytes, http.content_type);
  feed.encoding = decoded.encoding;
  if (looks_like_json(decoded.text())) {
    if (!decoded.non_xml_media_type) mark_bozo(feed, decoded.problem);
    return read_json_feed(decoded.text(), http_base(http), http.content_language, feed);
  }
  mark_bozo(feed, decoded.problem);
  if (detail == Detail::articles && reader == XmlReader::kStreamWhenPossible &&
      read_stream(decoded.text(), decoded.text().substr(0, kPrologBytes), http, feed)) {
    return;
  }
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
  return parse_feed(bytes, http, now, detail, XmlReader::kStreamWhenPossible);
}

Feed parse_feed(std::string_view bytes, const HttpContext& http, std::optional<core::UnixSeconds> now,
                Detail detail, XmlReader reader) {
  Feed feed;
  parse_document(bytes, http, detail, reader, feed);
  if (now) clamp_future_dates(feed, *now);
  return feed;
}

}  // namespace parse
