// Internal: what an element inherits from its ancestors (xml:base, xml:lang).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <pugixml.hpp>

namespace parse {

/// Base URI and language in effect at an element.
struct Scope {
  std::string base;                 ///< absolute base URI, or "" when unknown
  std::optional<std::string> lang;  ///< xml:lang in effect (may be ""), nullopt if none
};

/// The scope inside `node`: its xml:base resolved against the outer base, its xml:lang.
Scope enter(const Scope& outer, const pugi::xml_node& node);

/// The same from the values of an element's xml:base and xml:lang attributes (nullopt: absent).
Scope enter(const Scope& outer, std::optional<std::string_view> base, std::optional<std::string_view> lang);

/// True when `node` carries xml:base or xml:lang, i.e. enter() would change the scope.
bool changes_scope(const pugi::xml_node& node);

}  // namespace parse
