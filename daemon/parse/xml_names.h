// Internal: namespace-aware element names on top of pugixml (which only sees "prefix:local").
#pragma once

#include <string_view>
#include <vector>

#include <pugixml.hpp>

namespace parse {

/// The namespaces the parser cares about. Feed vocabularies (RSS, RDF-RSS, Atom 0.3/1.0, no
/// namespace, an unknown default namespace) all map to kFeed: elements are matched by local name.
enum class Ns { kFeed, kDc, kDcTerms, kContent, kRdf, kXhtml, kXml, kMedia, kOther };

/// An element or attribute name split into a known namespace and a local name.
struct QName {
  Ns ns = Ns::kFeed;
  std::string_view local;
  bool undeclared_prefix = false;  ///< the prefix had no xmlns declaration in scope
};

/// The part of a qualified name after the prefix ("media:content" -> "content").
inline std::string_view local_name(std::string_view name) {
  const std::size_t colon = name.find(':');
  return colon == std::string_view::npos ? name : name.substr(colon + 1);
}

/// Resolves the name of `node` by looking up its prefix among the ancestors' xmlns attributes.
QName qualify(const pugi::xml_node& node);

/// Resolves an element name given `uri`, the namespace URI bound to its prefix where it
/// stands (to the default namespace when it has none; "" when unbound), as qualify() does.
QName qualify_with(std::string_view name, std::string_view uri);

/// The namespace a URI names; an unknown URI is kOther when bound to a prefix, else kFeed.
Ns namespace_kind(std::string_view uri, bool prefixed);

/// The namespace URI bound to `prefix` ("" = default namespace) in scope at `node`, or "".
std::string_view namespace_uri(pugi::xml_node node, std::string_view prefix);

/// The value of attribute `local` in no namespace or with any prefix bound to `ns` (e.g.
/// rdf:about), or "" when absent.
std::string_view attribute(const pugi::xml_node& node, std::string_view local, Ns ns = Ns::kFeed);

/// Resolves the names of the children of one element, remembering the bindings in scope there
/// so that children which declare no namespaces of their own need no ancestor walk.
/// Use one instance per parent element (or for the children of several siblings that declare
/// no namespaces themselves: the same bindings are in scope in each); not thread-safe.
class ChildNames {
 public:
  /// Same result as qualify(child), for a child of this instance's parent element.
  QName qualify_child(const pugi::xml_node& child);

  /// qualify_child, and whether the child carries xml:base or xml:lang (one attribute pass).
  QName qualify_child(const pugi::xml_node& child, bool& changes_scope);

 private:
  struct Binding {
    std::string_view prefix;
    Ns ns;
    bool declared;
  };
  std::vector<Binding> bindings_;  // prefix ("" = default) -> namespace, as seen at parent_
};

}  // namespace parse
