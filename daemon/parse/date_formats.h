// Internal: the two families of date syntax found in feeds, each to a CivilTime (not validated).
#pragma once

#include <optional>
#include <string_view>

#include "parse/civil_time.h"

namespace parse {

/// ISO 8601 / W3CDTF and relatives: "2003-12-31T10:14:55.12+01:00", "2003-12", "031231",
/// "-03-12", "2003-335" (ordinal), "2003-012-31" (Google), "2004-07-08 23:56:58" (MSSQL).
std::optional<CivilTime> parse_iso8601(std::string_view s);

/// RFC 822/1123/2822 and token-soup relatives: "Thu, 01 Jan 04 19:48 GMT", asctime,
/// "Thu Aug 30 2012 17:26:16 +0200", Perforce "2006/09/15 08:19:53 EDT", Greek names.
std::optional<CivilTime> parse_rfc822(std::string_view s);

}  // namespace parse
