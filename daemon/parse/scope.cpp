#include "parse/scope.h"

#include "parse/text_util.h"
#include "parse/url.h"

namespace parse {

Scope enter(const Scope& outer, const pugi::xml_node& node) {
  const auto base = node.attribute("xml:base");
  const auto lang = node.attribute("xml:lang");
  return enter(outer, base ? std::optional<std::string_view>(base.value()) : std::nullopt,
               lang ? std::optional<std::string_view>(lang.value()) : std::nullopt);
}

Scope enter(const Scope& outer, std::optional<std::string_view> base, std::optional<std::string_view> lang) {
  Scope inner = outer;
  if (base) inner.base = resolve_url(outer.base, *base);
  if (lang) inner.lang = language_tag(*lang);
  return inner;
}

bool changes_scope(const pugi::xml_node& node) {
  return node.attribute("xml:base") || node.attribute("xml:lang");
}

}  // namespace parse
