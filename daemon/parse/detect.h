// Internal: which feed format a parsed document is, in feedparser's version codes.
#pragma once

#include <string>
#include <string_view>

#include <pugixml.hpp>

namespace parse {

/// "rss20", "rss091n", "rss10", "atom10", "atom03", "rss", "atom", ... or "" (not a feed).
/// `text` is the document source, consulted for the RSS 0.91 Netscape DOCTYPE.
std::string detect_version(const pugi::xml_node& root, std::string_view text);

/// The namespace of RSS 0.90 (an RDF document in it, or with its channel in it, is "rss090").
inline constexpr std::string_view kRss090Namespace = "http://my.netscape.com/rdf/simple/0.9/";

/// detect_version's answer for an <rss> root with this version attribute.
std::string rss_version(std::string_view version_attribute, std::string_view text);
/// detect_version's answer for a <feed> root in this default namespace, with this version attribute.
std::string atom_version(std::string_view default_namespace, std::string_view version_attribute);

/// True for the Atom family ("atom", "atom01" ... "atom10").
bool is_atom(std::string_view version);

}  // namespace parse
