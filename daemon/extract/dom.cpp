#include "extract/dom.h"

#include <cstring>

namespace extract::detail {

Dom::Dom(std::string_view utf8) : buf_(utf8) {
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // errors are not reported: keep parsing cheap
  out_ = gumbo_parse_with_options(&options, buf_.data(), buf_.size());
}

Dom::~Dom() { gumbo_destroy_output(&kGumboDefaultOptions, out_); }

std::string_view attr(const GumboNode* n, const char* name) {
  if (!is_element(n)) return {};
  const GumboAttribute* a = gumbo_get_attribute(&n->v.element.attributes, name);
  return a ? std::string_view(a->value) : std::string_view();
}

bool has_attr(const GumboNode* n, const char* name) {
  return is_element(n) && gumbo_get_attribute(&n->v.element.attributes, name) != nullptr;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string tag_name(const GumboNode* n) {
  if (!is_element(n)) return {};
  if (n->v.element.tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(n->v.element.tag);
  GumboStringPiece piece = n->v.element.original_tag;
  gumbo_tag_from_original_text(&piece);
  return lower(std::string_view(piece.data, piece.length));
}

namespace {
bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

void append_collapsed(std::string& out, std::string_view s) {
  for (unsigned char c : s) {
    if (is_space(c)) {
      if (!out.empty() && out.back() != ' ') out.push_back(' ');
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
}

void gather(const GumboNode* n, std::string& out, int depth) {
  if (depth > kMaxDepth) return;
  if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE || n->type == GUMBO_NODE_CDATA) {
    append_collapsed(out, n->v.text.text);
    return;
  }
  if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE) return;
  GumboTag t = n->v.element.tag;
  if (t == GUMBO_TAG_SCRIPT || t == GUMBO_TAG_STYLE || t == GUMBO_TAG_NOSCRIPT || t == GUMBO_TAG_TEMPLATE) return;
  if (t == GUMBO_TAG_BR && !out.empty() && out.back() != ' ') out.push_back(' ');
  for (unsigned i = 0; i < n->v.element.children.length; ++i) gather(child(n, i), out, depth + 1);
}
}  // namespace

std::string collapse(std::string_view s) {
  std::string out;
  append_collapsed(out, s);
  while (!out.empty() && out.front() == ' ') out.erase(0, 1);
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string text_of(const GumboNode* n) {
  std::string out;
  gather(n, out, 0);
  return collapse(out);
}

std::size_t char_count(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80 && !is_space(c)) ++n;
  return n;
}

const GumboNode* find_first(const GumboNode* n, GumboTag t) {
  if (!n) return nullptr;
  if (is_element(n) && n->v.element.tag == t) return n;
  if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_DOCUMENT) return nullptr;
  const GumboVector& c = children(n);
  for (unsigned i = 0; i < c.length; ++i)
    if (const GumboNode* f = find_first(static_cast<const GumboNode*>(c.data[i]), t)) return f;
  return nullptr;
}

}  // namespace extract::detail
