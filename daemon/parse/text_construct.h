// Internal: the string value of a feed element (plain text, escaped HTML, inline XHTML, base64).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <pugixml.hpp>

namespace parse {

/// How to read an element's content.
enum class Flavor {
  kText,     ///< titles, ids, names: character data only
  kConstruct,       ///< Atom text constructs, RSS description, content:encoded: type/mode
  kAtom10Construct  ///< as kConstruct, but inline XHTML loses its wrapping <div> (Atom 1.0)
};

/// The element's value: entities decoded, XHTML serialised, base64 decoded, whitespace trimmed,
/// C1 controls mapped to their windows-1252 characters.
std::string element_value(const pugi::xml_node& node, Flavor flavor);

/// The type and mode attributes of a text construct (in no namespace; the first of duplicates
/// counts), lower case.
struct ConstructAttrs {
  std::string type, mode;
};

/// The value of a text construct whose content is character data only (`text`, decoded), by
/// its type and mode: as is, or base64-decoded. nullopt for type="xhtml", whose value is its
/// content serialised as markup.
std::optional<std::string> character_construct(std::string text, const ConstructAttrs& attrs);

/// Concatenated character data (text and CDATA) of `node` and its descendants.
void append_text(const pugi::xml_node& node, std::string& out);

/// The character data of `node` as a view into the document when it is one text or CDATA
/// child (the common case, no copy), else concatenated into `scratch`.
std::string_view text_view(const pugi::xml_node& node, std::string& scratch);

/// Trims and maps C1 controls U+0080-U+009F to windows-1252 characters, in place.
void clean_text(std::string& s);
/// As clean_text, building the result from a view in one copy.
std::string clean_copy(std::string_view text);

/// Decodes base64, ignoring whitespace and invalid characters.
std::string decode_base64(std::string_view in);

}  // namespace parse
