// Feed parsing: raw bytes of an RSS/Atom/RDF document or a JSON Feed -> one Feed model ->
// core::Article.
//
// Every function here is pure (no shared state) and therefore safe to call from any number of
// threads at once. None of them throws on bad input: a broken document is an outcome (bozo).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"

namespace parse {

/// HTTP response metadata that influences parsing. Empty strings mean "header absent".
struct HttpContext {
  std::string url;               ///< document URL (base for relative links)
  std::string content_type;      ///< e.g. "application/rss+xml; charset=utf-8"
  std::string content_location;  ///< overrides url as base when safe
  std::string content_language;  ///< last-resort language
};

/// A link of a feed or entry, as in Atom (`rel` defaults to "alternate").
struct Link {
  std::string href, rel, type;
};

/// A media attachment (RSS <enclosure>, Atom rel="enclosure"); length as written, "" if absent.
struct Enclosure {
  std::string href, type, length;
};

/// A Media RSS object (media:content, media:thumbnail); URL resolved, "" if absent.
struct Media {
  std::string url, type, medium, width, height;
};

/// One item/entry. Empty strings mean "absent"; text fields hold UTF-8.
struct Entry {
  std::string title, link, id, summary, content, author;
  std::optional<core::UnixSeconds> published, updated;
  std::vector<std::string> tags;
  std::vector<Link> links;
  std::vector<Enclosure> enclosures;
  std::vector<Media> media;       ///< media:content (also inside media:group), JSON Feed image
  std::vector<Media> thumbnails;  ///< media:thumbnail
  std::string language;  ///< xml:lang in scope of the entry, if any
  bool bad_date = false;     ///< a date element was present but unparseable (left null)
  bool future_date = false;  ///< a date lay in the future and was clamped to `now`
};

/// Channel-level metadata.
struct FeedMeta {
  std::string title, subtitle, link, id, language, author;
  std::optional<core::UnixSeconds> updated, published;
  std::vector<std::string> tags;
  std::vector<Link> links;
};

/// The result of parsing one document.
struct Feed {
  bool bozo = false;         ///< input needed lenient handling (see bozo_message)
  std::string bozo_message;  ///< first reason for bozo, for logs
  std::string version;       ///< "rss20", "atom10", "rss10", "json11", ... or "" (not a feed)
  std::string encoding;      ///< charset the bytes were decoded with, lower case
  FeedMeta feed;
  std::vector<Entry> entries;  ///< in document order
  std::size_t bad_dates = 0;     ///< date elements (feed and entries) that did not parse
  std::size_t future_dates = 0;  ///< entry dates clamped to `now` (see parse_feed)
  std::optional<std::int64_t> ttl_seconds;  ///< RSS <ttl> (minutes in the feed) in seconds; absent/invalid/≤0 → nullopt
};

/// How much of a document parse_feed() keeps.
enum class Detail {
  full,      ///< everything in Feed (the conformance layout, `newswatchd parse-feed`)
  /// What to_articles() reads, and cheaper: the lists of links, enclosures, media and thumbnails
  /// of RSS/Atom/RDF entries and of their channel stay empty. Every entry's link (Atom
  /// rel="alternate", else the first <link>, else a permalink guid) is chosen exactly as in `full`.
  articles,
};

/// How far ahead of `now` a date may lie before it counts as "in the future" (clock skew).
inline constexpr core::UnixSeconds kFutureDateSlack = 15 * 60;

/// Parses a feed document (XML or JSON Feed, told apart by content). Never throws; broken input
/// yields bozo=true and whatever could be recovered (a non-feed yields version "" and no
/// entries). When `now` is given, entry dates later than now + kFutureDateSlack are set to `now`
/// and flagged (Entry::future_date, Feed::future_dates).
Feed parse_feed(std::string_view bytes, const HttpContext& http,
                std::optional<core::UnixSeconds> now = std::nullopt, Detail detail = Detail::full);

/// Items in the core model. Language falls back entry -> feed -> HTTP Content-Language
/// (the latter is already folded into feed.feed.language by parse_feed).
std::vector<core::Article> to_articles(const Feed& feed, const std::string& source_name);
/// As above, moving the strings out of `feed` instead of copying them.
std::vector<core::Article> to_articles(Feed&& feed, const std::string& source_name);

/// The JSON object of /work/shared/conformance/README.md (null for absent, [] for empty lists).
std::string to_conformance_json(const Feed& feed);

/// Plain text from an HTML fragment: tags dropped (script/style content too), entities decoded,
/// block elements become newlines, whitespace collapsed. Gives the classifier text.
std::string html_to_text(std::string_view html);

/// Parses an RFC 822/2822 or ISO 8601/W3CDTF date (and the common variants feeds use) to UTC.
/// A date without a zone is taken as UTC. Returns nullopt when the text is not a valid date.
std::optional<core::UnixSeconds> parse_date(std::string_view text);

}  // namespace parse
