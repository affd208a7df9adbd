// Internal: which feed format a parsed document is, in feedparser's version codes.
#pragma once

#include <string>
#include <string_view>

#include <pugixml.hpp>

namespace parse {

/// "rss20", "rss091n", "rss10", "atom10", "atom03", "rss", "atom", ... or "" (not a feed).
/// `text` is the document source, consulted for the RSS 0.91 Netscape DOCTYPE.
std::string detect_version(const pugi::xml_node& root, std::string_view text);

/// True for the Atom family ("atom", "atom01" ... "atom10").
bool is_atom(std::string_view version);

}  // namespace parse
