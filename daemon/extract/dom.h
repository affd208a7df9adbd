// Internal: the parsed page (gumbo) and small helpers over its nodes.
#pragma once

#include <gumbo.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace extract::detail {

/// Deeper subtrees are ignored: bounds recursion on hostile markup.
constexpr int kMaxDepth = 400;

/// An HTML5 parse of UTF-8 text. Owns the gumbo output.
class Dom {
 public:
  explicit Dom(std::string_view utf8);
  ~Dom();
  Dom(const Dom&) = delete;
  Dom& operator=(const Dom&) = delete;
  const GumboNode* root() const { return out_->root; }
  const GumboNode* document() const { return out_->document; }

 private:
  std::string buf_;
  GumboOutput* out_;
};

inline bool is_element(const GumboNode* n) { return n && n->type == GUMBO_NODE_ELEMENT; }
inline GumboTag tag(const GumboNode* n) { return is_element(n) ? n->v.element.tag : GUMBO_TAG_UNKNOWN; }
inline const GumboVector& children(const GumboNode* n) {
  return n->type == GUMBO_NODE_ELEMENT || n->type == GUMBO_NODE_TEMPLATE ? n->v.element.children
                                                                          : n->v.document.children;
}
inline const GumboNode* child(const GumboNode* n, unsigned i) {
  return static_cast<const GumboNode*>(children(n).data[i]);
}
/// Attribute value, "" when absent.
std::string_view attr(const GumboNode* n, const char* name);
bool has_attr(const GumboNode* n, const char* name);
/// Lowercase tag name, also for unknown tags.
std::string tag_name(const GumboNode* n);
std::string lower(std::string_view s);
/// Collapses runs of whitespace to one space and trims.
std::string collapse(std::string_view s);
/// All text below `n` (scripts and styles excluded), whitespace collapsed.
std::string text_of(const GumboNode* n);
/// Number of characters (not bytes) of UTF-8 text, ignoring whitespace.
std::size_t char_count(std::string_view s);
/// First element below `n` (pre-order, `n` included) with tag `t`, or nullptr.
const GumboNode* find_first(const GumboNode* n, GumboTag t);

}  // namespace extract::detail
