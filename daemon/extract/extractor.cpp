// extract_article(): decode, parse, read metadata, extract the main text.
#include "extract/extractor.h"

#include "extract/internal.h"
#include "extract/selector.h"

namespace extract {

Article extract_article(std::string_view html, std::string_view url, std::string_view content_type) {
  const std::string utf8 = to_utf8(html, content_type);
  detail::Dom dom(utf8);
  std::string ld_body;
  Article a = detail::read_metadata(dom, url, ld_body);
  a.text = detail::main_text(dom.root(), a.title);
  // A page whose body could not be found may still state it in JSON-LD.
  if (detail::char_count(a.text) < detail::char_count(ld_body) / 2) a.text = detail::collapse(ld_body);
  return a;
}

std::string selector_error(std::string_view selector) {
  std::string error;
  if (detail::Selector::compile(selector, error).empty() && error.empty()) error = "selects nothing";
  return error;
}

std::size_t parse_only(std::string_view html) {
  detail::Dom dom(to_utf8(html));
  std::size_t n = 0;
  std::vector<const GumboNode*> stack{dom.root()};
  while (!stack.empty()) {
    const GumboNode* x = stack.back();
    stack.pop_back();
    if (!detail::is_element(x)) continue;
    ++n;
    for (unsigned i = 0; i < x->v.element.children.length; ++i) stack.push_back(detail::child(x, i));
  }
  return n;
}

}  // namespace extract
