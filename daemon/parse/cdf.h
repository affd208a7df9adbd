// Internal: Microsoft's Channel Definition Format (<CHANNEL HREF LASTMOD><TITLE/><ITEM/>),
// a pre-RSS push format some old feeds still serve.
#pragma once

#include <pugixml.hpp>

#include "parse/parser.h"
#include "parse/scope.h"

namespace parse {

/// Fills feed.feed and feed.entries from a CDF <CHANNEL> root.
void read_cdf(const pugi::xml_node& root, const Scope& scope, Feed& feed);

}  // namespace parse
