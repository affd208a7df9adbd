// Internal: the steps both XML readers (the DOM reader in parser.cpp, the one-pass reader in
// stream_reader.cpp) take to put a document's field sets together into a Feed.
#pragma once

#include <string_view>

#include "parse/fields.h"
#include "parse/parser.h"
#include "parse/scope.h"

namespace parse {

/// Marks the feed not well-formed; the first reason given is kept for logs.
void mark_bozo(Feed& feed, std::string_view why);

/// The base URL of the document: Content-Location (resolved against the URL) when its scheme
/// is safe, else the URL.
std::string http_base(const HttpContext& http);

/// The channel's (or Atom feed's) fields become feed.feed; its language falls back to the
/// scope's xml:lang, then to HTTP Content-Language. feed.version must be set.
void add_channel(Fields&& fields, const Scope& channel_scope, const HttpContext& http, Feed& feed);

/// One item's fields become the next entry. `about` is its rdf:about (the id of last resort).
void add_entry(Fields&& fields, std::string_view about, const Scope& item_scope, Feed& feed);

}  // namespace parse
