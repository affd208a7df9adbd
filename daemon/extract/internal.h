// Internal: the steps extract_article() is made of.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "extract/dom.h"
#include "extract/extractor.h"

namespace extract::detail {

/// Metadata of the page (everything in Article but text), plus JSON-LD articleBody if any.
Article read_metadata(const Dom& dom, std::string_view url, std::string& ld_body);

/// The main text below the document's root: paragraphs separated by blank lines. A heading that
/// repeats `title` is left out. "" when the page has no text at all.
std::string main_text(const GumboNode* root, const std::string& title);

/// Parses an ISO 8601 / RFC 3339 date or date-time ("2025-01-17", "2025-01-17T09:30:00+03:00").
std::optional<std::int64_t> parse_iso_date(std::string_view s);

/// Lowercase class and id of an element, space separated.
std::string class_and_id(const GumboNode* n);

}  // namespace extract::detail
