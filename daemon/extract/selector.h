// Internal: a small CSS / XPath subset for per-source selectors on listing pages.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "extract/dom.h"

namespace extract::detail {

/// A compiled selector. CSS: tag, *, #id, .class, [attr], [attr=v], [attr~=v], [attr*=v],
/// [attr^=v], [attr$=v], descendant (space) and child (>) combinators, comma lists. XPath (when the
/// text starts with '/' or '('): /tag and //tag steps with [@attr], [@attr='v'] and
/// [contains(@attr,'v')] predicates, '|' lists. Anything else fails to compile.
class Selector {
 public:
  /// Empty selector and `error` set when `text` is outside the subset.
  static Selector compile(std::string_view text, std::string& error);
  bool empty() const { return alternatives_.empty(); }
  /// Elements below `scope` (scope excluded) that match, in document order.
  std::vector<const GumboNode*> select(const GumboNode* scope) const;
  bool matches(const GumboNode* n, const GumboNode* scope) const;

  struct Condition {
    std::string name;   // attribute name
    char op = 0;        // 0 exists, '=' equals, '~' word, '*' contains, '^' prefix, '$' suffix
    std::string value;
  };
  struct Compound {
    std::string tag;  // "" = any
    std::vector<Condition> conditions;
    bool child = false;  // combinator to the previous compound: '>' (true) or descendant
  };

 private:
  bool match_from(const GumboNode* n, const std::vector<Compound>& alt, std::size_t i, const GumboNode* scope) const;
  std::vector<std::vector<Compound>> alternatives_;
};

}  // namespace extract::detail
