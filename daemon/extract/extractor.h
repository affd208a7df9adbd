// extract: HTML pages → UTF-8 text. The main text of an article page (without navigation, related
// lists, share bars, comments or cookie notices) and its metadata; the article links of a listing
// page; the feeds a home page advertises. Pure functions over bytes: no I/O,
// thread-safe, never throw on bad input (an empty result is the outcome).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace extract {

/// What an article page says about itself, and its main text.
struct Article {
  std::string title;     ///< metadata headline (JSON-LD, OpenGraph, <title>), plain text
  std::string author;    ///< JSON-LD / meta author, may be empty
  std::string language;  ///< JSON-LD inLanguage, og:locale or <html lang>, e.g. "en"; may be empty
  std::optional<std::int64_t> published;  ///< Unix seconds from JSON-LD / article:published_time / <time>
  std::string canonical_url;  ///< <link rel=canonical> / og:url, absolute; may be empty
  std::string text;           ///< main text: paragraphs separated by one blank line; "" if none found
};

/// Decodes `bytes` to UTF-8: BOM, then the Content-Type charset, then <meta charset> in the first
/// 1024 bytes, else UTF-8 when valid, else windows-1252. Invalid sequences become U+FFFD.
std::string to_utf8(std::string_view bytes, std::string_view content_type = {});

/// Extracts the main text and metadata of an article page. `url` resolves relative URLs.
Article extract_article(std::string_view html, std::string_view url = {}, std::string_view content_type = {});

/// Parses the page and returns how many elements it has: the bare HTML parse, for benchmarks.
std::size_t parse_only(std::string_view html);

/// Selectors of a listing page; each is a CSS subset (tag, .class, #id, [attr], [attr=v],
/// descendant and child combinators, comma lists) or, when it starts with '/', an XPath subset
/// (//tag[@attr='v'] steps, '/'' and '//'). Empty: automatic discovery.
struct ListingOptions {
  std::string link_selector;   ///< selects <a href> elements (or containers of them)
  std::string title_selector;  ///< within each link's item container: the title text
  std::string date_selector;   ///< within each link's item container: the date (datetime attr or text)
  std::size_t max_links = 100;
};

/// Why `selector` is outside the subset ListingOptions accepts, or "" when it compiles.
std::string selector_error(std::string_view selector);

/// An article link found on a listing page.
struct Link {
  std::string url;    ///< absolute, fragment removed
  std::string title;  ///< link text or title_selector text
  std::optional<std::int64_t> published;
};

/// The article links of a section or front page, in page order, each URL once. Automatic
/// discovery keeps same-site links whose path looks like an article (several segments, a long
/// slug or a numeric id or date) and whose text looks like a headline (several words).
/// `content_type` (the HTTP header) may name the page's charset, as for to_utf8().
std::vector<Link> find_article_links(std::string_view html, std::string_view base_url,
                                     const ListingOptions& options = {}, std::string_view content_type = {});

/// Feed URLs advertised by <link rel="alternate" type="application/rss+xml|atom+xml|feed+json">,
/// resolved against `base_url` (and <base href>), in page order, each once.
std::vector<std::string> find_feeds(std::string_view html, std::string_view base_url);

/// Resolves `ref` against the absolute URL `base` (RFC 3986 §5.2); `ref` unchanged if absolute.
std::string resolve_url(std::string_view base, std::string_view ref);

}  // namespace extract
