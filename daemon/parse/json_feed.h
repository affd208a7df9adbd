// Internal: JSON Feed 1.0 / 1.1 (https://jsonfeed.org) into the Feed model.
#pragma once

#include <string>
#include <string_view>

#include "parse/parser.h"

namespace parse {

/// True when the UTF-8 document is JSON rather than markup (first non-blank byte is '{').
bool looks_like_json(std::string_view text);

/// Reads a JSON document into `feed`: version "json1", "json11" or "json" (a JSON Feed of
/// unknown version), "" when it is JSON but no feed. Invalid or truncated JSON marks the feed
/// bozo and keeps whatever was read before the error. Relative URLs resolve against `base`.
void read_json_feed(std::string_view text, const std::string& base,
                    const std::string& content_language, Feed& feed);

}  // namespace parse
