// Internal: reading the child elements of a channel/feed or an item/entry into one field set.
//
// RSS 0.9x/2.0, RSS 1.0 and Atom 0.3/1.0 share most element names, so one reader serves all:
// elements are matched by local name in the feed vocabulary, or by extension namespace URI.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <pugixml.hpp>

#include "parse/parser.h"
#include "parse/scope.h"
#include "parse/xml_names.h"

namespace parse {

/// Everything a feed or an entry can carry; parse_feed moves it into FeedMeta / Entry.
struct Fields {
  std::string title, link, id, summary, content, author, language;
  std::string guid_link;  ///< an RSS guid that is a permalink, used when there is no <link>
  bool summary_from_description = false;
  std::optional<core::UnixSeconds> published, updated;
  std::vector<std::string> tags;
  std::vector<Link> links;
  std::vector<Enclosure> enclosures;
  std::vector<Media> media, thumbnails;
  std::string media_description;  ///< media:description, the summary of last resort
  std::size_t bad_dates = 0;      ///< date elements with text that did not parse
  bool undeclared_prefix = false;  ///< an element used a namespace prefix never declared
  std::optional<std::int64_t> ttl_seconds;  ///< RSS <ttl>, converted from minutes
  bool lists = true;  ///< collect links, enclosures, media, thumbnails (false: Detail::articles)
};

struct StreamElement;

/// Which field a child element feeds, by namespace and local name (defined in fields.cpp).
struct FieldRule;

/// The rule for a child element of a channel or item, or nullptr when no field reads it.
const FieldRule* field_rule(const QName& name);

/// True when the rule reads the element only as a text construct (Flavor::kConstruct or
/// kAtom10Construct): title, summary, content, media:description.
bool is_text_construct(const FieldRule& rule);

/// Applies `rule` to an element the stream reader kept, as read_fields() does to a DOM child;
/// `element.unsupported` is set when that needed what only the DOM has.
void apply_field(const FieldRule& rule, const StreamElement& element, const Scope& scope, bool atom10, Fields& f);

/// Reads every direct child element of `container` (whose own scope is `scope`).
/// `atom10` enables Atom 1.0 defaults (rel="self" type); Detail::articles leaves the lists empty.
Fields read_fields(const pugi::xml_node& container, const Scope& scope, bool atom10, Detail detail);

/// As above, with namespace bindings shared by the caller: `names` may serve the children of
/// every container that declares no namespaces itself and has the same parent.
Fields read_fields(const pugi::xml_node& container, const Scope& scope, bool atom10, Detail detail,
                   ChildNames& names);

}  // namespace parse
