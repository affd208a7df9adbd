// Internal: lookup of HTML named character references ("aacute" -> U+00E1).
#pragma once

#include <optional>
#include <string_view>

namespace parse {

/// The code point of an HTML 4 named entity (case-sensitive, without '&' and ';').
std::optional<char32_t> lookup_html_entity(std::string_view name);

}  // namespace parse
