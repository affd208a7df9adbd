// How an item is recognised again: a canonical URL and a stable item id.
#pragma once

#include <string>
#include <string_view>

#include "core/article.h"

namespace dedup {

/// Canonical form of an http(s) URL, so that one article reached through different links is seen
/// once: lowercases scheme and host, drops the default port, the fragment and tracking parameters
/// (utm_*, fbclid, gclid, yclid, mc_cid, mc_eid, _ga, ref, cmpid, …), sorts the remaining query
/// parameters and turns an empty path into "/". Returns the input unchanged if it is unparsable.
/// Pure; thread-safe.
std::string canonical_url(std::string_view url);

/// The id an item is deduplicated under: the guid / atom id (article.id) if non-empty, else the
/// canonical link, else "hash:" + a stable 64-bit FNV-1a hash of source and title (hex).
/// Pure; thread-safe.
std::string item_id(const core::Article& a);

}  // namespace dedup
