#include "config/schema.h"
#include "config/sections.h"
#include "config/values.h"

#include <array>
#include <unordered_map>

namespace config::detail {
namespace {

constexpr std::array<std::string_view, 4> kKindNames{"auto", "rss", "atom", "html"};
constexpr std::array<SourceKind, 4> kKinds{SourceKind::auto_detect, SourceKind::rss, SourceKind::atom,
                                           SourceKind::html};

void read_kind(const YAML::Node& v, const Scope& s, Source& out) {
  const auto name = choice(v, s, kKindNames);
  for (std::size_t i = 0; name && i < kKindNames.size(); ++i) {
    if (*name == kKindNames[i]) out.kind = kKinds[i];
  }
}

// key | required | what it expects | reader. Defaults live in config.h; config/newswatch.example.yaml
// echoes both.
const std::array<Field<Source>, 4> kSourceFields{{
    {{"name", true, "a unique name of letters, digits, '.', '_' and '-'"},
     [](const YAML::Node& v, const Scope& s, Source& out) { assign(out.name, identifier(v, s)); }},
    {{"url", true, "an http:// or https:// URL"},
     [](const YAML::Node& v, const Scope& s, Source& out) { assign(out.url, http_url(v, s)); }},
    {{"kind", false, "one of auto, rss, atom, html (default auto)"}, read_kind},
    {{"interval", false, "a duration like 5m (default 5m)"},
     [](const YAML::Node& v, const Scope& s, Source& out) { assign(out.interval, positive_duration(v, s)); }},
}};

// The key node spelled `key` in `map` (which read_map has already checked), to point at it.
YAML::Node key_node(const YAML::Node& map, std::string_view key) {
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->first.Scalar() == key) return it->first;
  }
  return YAML::Node();
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
    if (!read_map<Source>(item, at, kSourceFields, source) || source.name.empty()) continue;
    if (auto [first, fresh] = index_by_name.emplace(source.name, i); !fresh) {
      const std::string first_path = scope.path() + '[' + std::to_string(first->second) + ']';
      at.key(key_node(item, "name"))
          .error(item["name"], "'" + source.name + "' is already the name of " + first_path +
                                   ", expected a unique name");
    }
  }
}

}  // namespace config::detail
