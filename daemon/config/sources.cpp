#include "config/schema.h"
#include "config/sections.h"
#include "config/values.h"

#include <array>
#include <unordered_map>

namespace config::detail {
namespace {

// The key node spelled `key` in `map` (which read_map has already checked), to point at it.
YAML::Node key_node(const YAML::Node& map, std::string_view key) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->first.Scalar() == key) return it->first;
  }
  return YAML::Node();
}

constexpr std::array<std::string_view, 4> kKindNames{"auto", "rss", "atom", "html"};
constexpr std::array<SourceKind, 4> kKinds{SourceKind::auto_detect, SourceKind::rss, SourceKind::atom,
                                           SourceKind::html};

void read_kind(const YAML::Node& v, const Scope& s, Source& out) {
  const auto name = choice(v, s, kKindNames);
  for (std::size_t i = 0; name && i < kKindNames.size(); ++i) {
    if (*name == kKindNames[i]) out.kind = kKinds[i];
  }
}

constexpr std::array<std::string_view, 3> kPriorityNames{"high", "normal", "low"};
constexpr std::array<Priority, 3> kPriorities{Priority::high, Priority::normal, Priority::low};

void read_priority(const YAML::Node& v, const Scope& s, Source& out) {
  const auto name = choice(v, s, kPriorityNames);
  for (std::size_t i = 0; name && i < kPriorityNames.size(); ++i) {
    if (*name == kPriorityNames[i]) out.priority = kPriorities[i];
  }
}

constexpr std::array<std::string_view, 2> kPageNames{"listing", "article"};

void read_page(const YAML::Node& v, const Scope& s, Source& out) {
  if (const auto name = choice(v, s, kPageNames)) out.page = *name == "article" ? PageMode::article : PageMode::listing;
}

const std::array<Field<Listing>, 4> kListingFields{{
    {{"link_selector", false, "a CSS selector or an XPath starting with '/'"},
     [](const YAML::Node& v, const Scope& s, Listing& out) { assign(out.link_selector, text(v, s, "a selector")); }},
    {{"title_selector", false, "a CSS selector or an XPath starting with '/'"},
     [](const YAML::Node& v, const Scope& s, Listing& out) { assign(out.title_selector, text(v, s, "a selector")); }},
    {{"date_selector", false, "a CSS selector or an XPath starting with '/'"},
     [](const YAML::Node& v, const Scope& s, Listing& out) { assign(out.date_selector, text(v, s, "a selector")); }},
    {{"max_links", false, "a whole number above zero"},
     [](const YAML::Node& v, const Scope& s, Listing& out) { assign(out.max_links, positive_count(v, s)); }},
}};

const std::array<Field<FullText>, 1> kFullTextFields{{
    {{"min_summary_chars", false, "a whole number above zero"},
     [](const YAML::Node& v, const Scope& s, FullText& out) { assign(out.min_summary_chars, positive_count(v, s)); }},
}};

// `fetch_full_text: true|false`, or a map of its settings (which turns it on).
void read_full_text(const YAML::Node& v, const Scope& s, Source& out) {
  if (v.IsMap()) {
    out.full_text.enabled = true;
    read_map<FullText>(v, s, kFullTextFields, out.full_text);
    return;
  }
  assign(out.full_text.enabled, boolean(v, s));
}

// key | required | what it expects | reader. Defaults live in config.h; config/newswatch.example.yaml
// echoes both.
const std::array<Field<Source>, 8> kSourceFields{{
    {{"name", true, "a unique name of letters, digits, '.', '_' and '-'"},
     [](const YAML::Node& v, const Scope& s, Source& out) { assign(out.name, identifier(v, s)); }},
    {{"url", true, "an http:// or https:// URL"},
     [](const YAML::Node& v, const Scope& s, Source& out) { assign(out.url, http_url(v, s)); }},
    {{"kind", false, "one of auto, rss, atom, html (default auto)"}, read_kind},
    {{"interval", false, "a duration like 5m (default 5m)"},
     [](const YAML::Node& v, const Scope& s, Source& out) { assign(out.interval, positive_duration(v, s)); }},
    {{"priority", false, "one of high, normal, low (default normal)"}, read_priority},
    {{"page", false, "listing or article (default listing; kind html)"}, read_page},
    {{"listing", false, "a map of selectors (kind html)"},
     [](const YAML::Node& v, const Scope& s, Source& out) { read_map<Listing>(v, s, kListingFields, out.listing); }},
    {{"fetch_full_text", false, "true, false or a map with min_summary_chars"}, read_full_text},
}};

// Keys that only make sense for some kinds: an error rather than a setting silently ignored.
void check_kind_keys(const YAML::Node& item, const Scope& at, const Source& source) {
  const bool html = source.kind == SourceKind::html || source.kind == SourceKind::auto_detect;
  if (!html && item["listing"])
    at.key(key_node(item, "listing")).error(item["listing"], "applies to kind html (or auto), not " +
                                                                 std::string(to_string(source.kind)));
  if (!html && item["page"])
    at.key(key_node(item, "page")).error(item["page"], "applies to kind html (or auto), not " +
                                                           std::string(to_string(source.kind)));
  if (source.kind == SourceKind::html && source.page == PageMode::article && item["listing"])
    at.key(key_node(item, "listing")).error(item["listing"], "applies to page: listing, not page: article");
  if (source.kind == SourceKind::html && item["fetch_full_text"])
    at.key(key_node(item, "fetch_full_text"))
        .error(item["fetch_full_text"], "applies to feeds; an html source always reads the article pages");
}

}  // namespace

void read_sources(const YAML::Node& node, const Scope& scope, std::vector<Source>& out) {
  if (!node.IsSequence() || node.size() == 0) {
    const std::string found = node.IsSequence() ? "an empty sequence" : describe(node);
    scope.error(node, "found " + found + ", expected a sequence of at least one source");
    return;
  }
  std::unordered_map<std::string, std::size_t> index_by_name;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node item = node[i];
    const Scope at = scope.item(i, item);
    Source& source = out.emplace_back();
    if (!read_map<Source>(item, at, kSourceFields, source)) continue;
    check_kind_keys(item, at, source);
    if (source.name.empty()) continue;
    if (auto [first, fresh] = index_by_name.emplace(source.name, i); !fresh) {
      const std::string first_path = scope.path() + '[' + std::to_string(first->second) + ']';
      at.key(key_node(item, "name"))
          .error(item["name"], "'" + source.name + "' is already the name of " + first_path +
                                   ", expected a unique name");
    }
  }
}

}  // namespace config::detail
