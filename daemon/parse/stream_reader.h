// Internal: the one-pass reader of the daemon's parse (Detail::articles). It reads RSS 0.9x/2.0,
// RSS 1.0 and Atom documents of the usual shapes straight from the UTF-8 text, with no DOM,
// through the same field rules (fields.cpp) and assembly (assemble.cpp) as the DOM reader.
#pragma once

#include <optional>
#include <string_view>

#include "parse/parser.h"

namespace parse {

/// Reads the document `text` (UTF-8; `head` is its first bytes, as the DOM reader's format
/// detection sees them) into `feed` exactly as entity repair and the DOM reader do for
/// Detail::articles: it decodes references as repair and pugixml together would, and marks
/// the feed bozo for the same first reason. Returns false, leaving `feed` as it was, when the document holds anything
/// this reader leaves to the DOM reader: a DOCTYPE, CR or NUL characters, markup pugixml would
/// reject or read leniently, names outside ASCII, inline markup or XHTML in a text construct,
/// <media:group>, a reference to an unusual code point, another root than rss/RDF/feed, no
/// channel... The DOM reader then reads it, to the same result.
bool read_stream(std::string_view text, std::string_view head, const HttpContext& http, Feed& feed);

/// Which XML reader parse_feed may use; tests compare the two.
enum class XmlReader {
  kStreamWhenPossible,  ///< Detail::articles tries read_stream first (what parse_feed does)
  kDomOnly,             ///< always pugixml's DOM
};

/// parse_feed() with the choice of XML reader.
Feed parse_feed(std::string_view bytes, const HttpContext& http, std::optional<core::UnixSeconds> now,
                Detail detail, XmlReader reader);

}  // namespace parse
