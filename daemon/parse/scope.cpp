#include "parse/scope.h"

#include "parse/text_util.h"
#include "parse/url.h"

namespace parse {

Scope enter(const Scope& outer, const pugi::xml_node& node) {
  Scope inner = outer;
  if (const auto base = node.attribute("xml:base")) {
    inner.base = resolve_url(outer.base, base.value());
  }
  if (const auto lang = node.attribute("xml:lang")) inner.lang = language_tag(lang.value());
  return inner;
}

bool changes_scope(const pugi::xml_node& node) {
  return node.attribute("xml:base") || node.attribute("xml:lang");
}

}  // namespace parse
