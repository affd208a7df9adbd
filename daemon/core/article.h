// The one item model every stage speaks: a news item as parsed from a feed or a page.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace core {

/// Seconds since the Unix epoch, UTC.
using UnixSeconds = std::int64_t;

struct Article {
  std::string source;      ///< configured source name
  std::string id;          ///< guid / atom:id as published (may be empty)
  std::string link;        ///< absolute URL of the article
  std::string title;       ///< plain text
  std::string summary;     ///< as published (may hold HTML)
  std::string content;     ///< full content as published (may hold HTML)
  std::string author;
  std::optional<UnixSeconds> published;
  std::optional<UnixSeconds> updated;
  std::vector<std::string> categories;
  std::string language;    ///< item, else feed, else HTTP language; may be empty
  bool content_from_page = false;  ///< content is the main text extracted from the article's own page

  bool operator==(const Article&) const = default;
};

/// Formats as RFC 3339 UTC, e.g. "2025-01-17T09:30:00Z".
std::string format_utc(UnixSeconds t);

}  // namespace core
