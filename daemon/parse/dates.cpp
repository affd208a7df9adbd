// parse_date: try the strict ISO family first (cheap to reject), then the RFC 822 family.
#include "parse/civil_time.h"
#include "parse/date_formats.h"
#include "parse/parser.h"
#include "parse/text_util.h"

namespace parse {

std::optional<core::UnixSeconds> parse_date(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) return std::nullopt;
  std::optional<CivilTime> t = parse_iso8601(s);
  if (!t) t = parse_rfc822(s);
  if (!t || !is_valid(*t)) return std::nullopt;
  return to_unix(*t);
}

}  // namespace parse
