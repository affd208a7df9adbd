// Internal: small string helpers shared by the parse stage (ASCII-only case rules).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace parse {

/// True for the XML whitespace characters (space, tab, CR, LF).
constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/// True when `s` holds `t` at `pos`. Byte by byte, inline: for the short names and markers the
/// readers compare, a call to memcmp costs more than the comparison.
constexpr bool has_at(std::string_view s, std::size_t pos, std::string_view t) {
  if (pos > s.size() || s.size() - pos < t.size()) return false;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (s[pos + i] != t[i]) return false;
  }
  return true;
}
/// Equality of short strings, inline (as has_at).
constexpr bool same(std::string_view a, std::string_view b) { return a.size() == b.size() && has_at(a, 0, b); }

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
/// The same written at `out` (room for four bytes); returns the end of what it wrote.
char* write_utf8(char32_t cp, char* out);

}  // namespace parse
