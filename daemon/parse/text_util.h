// Internal: small string helpers shared by the parse stage (ASCII-only case rules).
#pragma once

#include <string>
#include <string_view>

namespace parse {

/// True for the XML whitespace characters (space, tab, CR, LF).
constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/// Strips leading/trailing XML whitespace.
std::string_view trim(std::string_view s);
/// ASCII lower-casing (other bytes unchanged).
std::string to_lower(std::string_view s);
/// ASCII case-insensitive equality.
bool iequals(std::string_view a, std::string_view b);
/// Parses a run of decimal digits (no sign); false if empty, non-digit or too long.
bool parse_uint(std::string_view s, int& out);
/// A language tag with '_' separators fixed to '-' ("en_US" -> "en-US").
std::string language_tag(std::string_view s);
/// Appends the UTF-8 encoding of a code point (invalid ones become U+FFFD).
void append_utf8(std::string& out, char32_t cp);

}  // namespace parse
