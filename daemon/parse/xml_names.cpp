#include "parse/xml_names.h"

#include <array>
#include <string>

namespace parse {
namespace {

struct KnownNs {
  std::string_view uri;
  Ns ns;
};

// Extension namespaces recognised by URI whatever the prefix. Every other URI on a prefixed
// element is kOther; an unknown *default* namespace is still treated as the feed vocabulary.
constexpr std::array<KnownNs, 11> kKnown{{
    {"http://purl.org/dc/elements/1.1/", Ns::kDc},
    {"http://purl.org/dc/elements/1.0/", Ns::kDc},
    {"http://purl.org/dc/terms/", Ns::kDcTerms},
    {"http://purl.org/rss/1.0/modules/content/", Ns::kContent},
    {"http://www.w3.org/1999/02/22-rdf-syntax-ns#", Ns::kRdf},
    {"http://www.w3.org/1999/xhtml", Ns::kXhtml},
    {"http://www.w3.org/XML/1998/namespace", Ns::kXml},
    {"http://www.w3.org/2005/Atom", Ns::kFeed},
    {"http://purl.org/atom/ns#", Ns::kFeed},
    {"http://search.yahoo.com/mrss/", Ns::kMedia},
    {"http://search.yahoo.com/mrss", Ns::kMedia},
}};

Ns classify_uri(std::string_view uri, bool prefixed) {
  for (const KnownNs& k : kKnown) {
    if (uri == k.uri) return k.ns;
  }
  if (uri == "http://purl.org/rss/1.0/" || uri == "http://my.netscape.com/rdf/simple/0.9/" ||
      uri == "http://backend.userland.com/rss2" || uri == "http://backend.userland.com/rss") {
    return Ns::kFeed;
  }
  return prefixed ? Ns::kOther : Ns::kFeed;
}

// Feeds often use well-known prefixes without declaring them; honour the usual meaning.
Ns guess_from_prefix(std::string_view prefix) {
  if (prefix == "dc") return Ns::kDc;
  if (prefix == "dcterms") return Ns::kDcTerms;
  if (prefix == "content") return Ns::kContent;
  if (prefix == "rdf") return Ns::kRdf;
  if (prefix == "media") return Ns::kMedia;
  return Ns::kOther;
}

}  // namespace

std::string_view namespace_uri(pugi::xml_node node, std::string_view prefix) {
  std::string attr_name = prefix.empty() ? "xmlns" : "xmlns:" + std::string(prefix);
  for (; node && node.type() == pugi::node_element; node = node.parent()) {
    if (const auto a = node.attribute(attr_name.c_str())) return a.value();
  }
  return {};
}

QName qualify(const pugi::xml_node& node) {
  const std::string_view name = node.name();
  const std::size_t colon = name.find(':');
  const std::string_view prefix = colon == std::string_view::npos ? "" : name.substr(0, colon);
  return qualify_with(name, prefix == "xml" ? "" : namespace_uri(node, prefix));
}

QName qualify_with(std::string_view name, std::string_view uri) {
  const std::size_t colon = name.find(':');
  QName q;
  if (colon == std::string_view::npos) {
    q.local = name;
    q.ns = classify_uri(uri, false);
    return q;
  }
  const std::string_view prefix = name.substr(0, colon);
  q.local = name.substr(colon + 1);
  if (prefix == "xml") {
    q.ns = Ns::kXml;
    return q;
  }
  q.undeclared_prefix = uri.empty();
  q.ns = uri.empty() ? guess_from_prefix(prefix) : classify_uri(uri, true);
  return q;
}

Ns namespace_kind(std::string_view uri, bool prefixed) { return classify_uri(uri, prefixed); }

std::string_view attribute(const pugi::xml_node& node, std::string_view local, Ns ns) {
  for (const pugi::xml_attribute& a : node.attributes()) {
    const std::string_view name = a.name();
    const std::size_t colon = name.find(':');
    if (colon == std::string_view::npos) {
      if (name == local) return a.value();
      continue;
    }
    if (name.substr(colon + 1) != local || ns == Ns::kFeed) continue;
    const std::string_view prefix = name.substr(0, colon);
    if (classify_uri(namespace_uri(node, prefix), true) == ns) return a.value();
  }
  return {};
}

QName ChildNames::qualify_child(const pugi::xml_node& child) {
  bool changes_scope = false;
  return qualify_child(child, changes_scope);
}

QName ChildNames::qualify_child(const pugi::xml_node& child, bool& changes_scope) {
  bool declares = false;
  changes_scope = false;
  for (pugi::xml_attribute a = child.first_attribute(); a; a = a.next_attribute()) {
    const char* raw = a.name();
    if (raw[0] != 'x') continue;  // only xmlns*, xml:base and xml:lang matter here
    const std::string_view name = raw;
    declares = declares || name.starts_with("xmlns");
    changes_scope = changes_scope || name == "xml:base" || name == "xml:lang";
  }
  if (declares) return qualify(child);
  // Names are short: one plain loop finds the colon and the end, where strlen and then memchr
  // would each be a call.
  const char* raw = child.name();
  std::size_t colon = std::string_view::npos, size = 0;
  for (; raw[size] != '\0'; ++size) {
    if (raw[size] == ':' && colon == std::string_view::npos) colon = size;
  }
  const std::string_view name(raw, size);
  const std::string_view prefix = colon == std::string_view::npos ? "" : name.substr(0, colon);
  QName q;
  q.local = colon == std::string_view::npos ? name : name.substr(colon + 1);
  for (const Binding& b : bindings_) {
    if (b.prefix == prefix) {
      q.ns = b.ns;
      q.undeclared_prefix = !b.declared;
      return q;
    }
  }
  const QName resolved = qualify(child);  // first child with this prefix: resolve once
  bindings_.push_back({prefix, resolved.ns, !resolved.undeclared_prefix});
  return resolved;
}

}  // namespace parse
