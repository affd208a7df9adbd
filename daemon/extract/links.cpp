// Listing pages (article links) and home pages (feed links).
#include <algorithm>
#include <set>

#include "extract/internal.h"
#include "extract/selector.h"

namespace extract {
namespace {

using namespace detail;

// The document's base URL: <base href> resolved against the page URL.
std::string base_of(const Dom& dom, std::string_view page_url) {
  const GumboNode* b = find_first(dom.root(), GUMBO_TAG_BASE);
  std::string_view href = attr(b, "href");
  return href.empty() ? std::string(page_url) : resolve_url(page_url, href);
}

std::string without_fragment(std::string u) {
  if (auto h = u.find('#'); h != std::string::npos) u.resize(h);
  return u;
}

std::string host_of(std::string_view url) {
  auto p = url.find("://");
  if (p == std::string_view::npos) return {};
  url.remove_prefix(p + 3);
  url = url.substr(0, url.find_first_of("/?#"));
  if (auto at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
  if (auto colon = url.rfind(':'); colon != std::string_view::npos && url.find(']') == std::string_view::npos)
    url = url.substr(0, colon);
  std::string h = lower(url);
  if (h.rfind("www.", 0) == 0) h.erase(0, 4);
  return h;
}

std::string path_of(std::string_view url) {
  auto p = url.find("://");
  if (p == std::string_view::npos) return {};
  url.remove_prefix(p + 3);
  auto s = url.find_first_of("/?#");
  if (s == std::string_view::npos) return "/";
  url.remove_prefix(s);
  return std::string(url.substr(0, url.find_first_of("?#")));
}

std::size_t word_count(const std::string& text) {
  std::size_t words = 0, cjk = 0;
  bool in = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = text[i];
    if (c >= 0xE3 && c <= 0xED) ++cjk;  // CJK and Hangul lead bytes: one character is about a word
    bool space = c == ' ';
    if (!space && !in) ++words;
    in = !space;
  }
  return std::max(words, cjk / 2);
}

// Path shapes of section, tag, author, search and utility pages, which are not articles.
bool utility_path(const std::string& path) {
  static const char* const kParts[] = {"/tag/", "/tags/", "/category/", "/categories/", "/author/", "/authors/",
                                       "/topic/", "/topics/", "/search", "/login", "/signin", "/register",
                                       "/subscribe", "/about", "/contact", "/privacy", "/terms", "/cookie",
                                       "/page/", "/feed", "/rss", "/account", "/newsletter", "/advertis"};
  std::string l = lower(path);
  for (const char* p : kParts)
    if (l.find(p) != std::string::npos) return true;
  static const char* const kExt[] = {".jpg", ".jpeg", ".png", ".gif", ".pdf", ".xml", ".rss", ".zip", ".mp3", ".mp4", ".css", ".js"};
  for (const char* e : kExt)
    if (l.size() > std::char_traits<char>::length(e) && l.compare(l.size() - std::char_traits<char>::length(e), std::string::npos, e) == 0)
      return true;
  return false;
}

// URL shape of an article: several path segments, a long slug, or a numeric id or date.
bool article_path(const std::string& path) {
  if (path.empty() || path == "/" || utility_path(path)) return false;
  std::size_t segments = 0, longest = 0, hyphens = 0, digits = 0, run = 0;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    std::size_t b = i;
    while (i < path.size() && path[i] != '/') ++i;
    if (i > b) {
      ++segments;
      longest = std::max(longest, i - b);
    }
  }
  for (char c : path) {
    if (c == '-' || c == '_') ++hyphens;
    run = (c >= '0' && c <= '9') ? run + 1 : 0;
    digits = std::max(digits, run);
  }
  return hyphens >= 2 || digits >= 4 || longest >= 25 || (segments >= 3 && longest >= 8);
}

// Link areas that hold site navigation, not articles.
bool in_furniture(const GumboNode* n) {
  for (const GumboNode* p = n; is_element(p); p = p->parent) {
    GumboTag t = tag(p);
    if (t == GUMBO_TAG_NAV || t == GUMBO_TAG_FOOTER || t == GUMBO_TAG_HEADER) return true;
    std::string ci = class_and_id(p);
    std::string role = lower(attr(p, "role"));
    if (role == "navigation" || role == "contentinfo" || role == "banner") return true;
    for (const char* w : {"menu", "navbar", "breadcrumb", "footer", "cookie", "share", "social", "pagination"})
      if (ci.find(w) != std::string::npos) return true;
  }
  return false;
}

// The item around a link: the nearest <article> or <li>, else the link's parent.
const GumboNode* item_of(const GumboNode* a) {
  for (const GumboNode* p = a->parent; is_element(p) && tag(p) != GUMBO_TAG_BODY; p = p->parent)
    if (tag(p) == GUMBO_TAG_ARTICLE || tag(p) == GUMBO_TAG_LI) return p;
  return is_element(a->parent) ? a->parent : a;
}

std::optional<std::int64_t> date_in(const GumboNode* item, const Selector* sel) {
  const GumboNode* d = nullptr;
  if (sel) {
    auto found = sel->select(item);
    if (!found.empty()) d = found.front();
  } else {
    d = find_first(item, GUMBO_TAG_TIME);
  }
  if (!d) return std::nullopt;
  std::string_view dt = attr(d, "datetime");
  if (!dt.empty()) return parse_iso_date(dt);
  return parse_iso_date(text_of(d));
}

struct Builder {
  std::string base;
  std::set<std::string> seen;
  std::vector<Link> links;
  std::size_t max;

  void add(const GumboNode* a, std::string title, std::optional<std::int64_t> published) {
    if (links.size() >= max) return;
    std::string_view href = attr(a, "href");
    if (href.empty() || href[0] == '#') return;
    std::string url = without_fragment(resolve_url(base, href));
    if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) return;
    if (!seen.insert(url).second) {
      for (auto& l : links)  // an image link first, its headline link second: keep the headline
        if (l.url == url && l.title.empty()) l.title = std::move(title);
      return;
    }
    links.push_back(Link{url, std::move(title), published});
  }
};

}  // namespace

std::vector<Link> find_article_links(std::string_view html, std::string_view base_url, const ListingOptions& o,
                                     std::string_view content_type) {
  const std::string utf8 = to_utf8(html, content_type);
  Dom dom(utf8);
  Builder b{base_of(dom, base_url), {}, {}, o.max_links};
  std::string error;
  Selector title_sel, date_sel;
  if (!o.title_selector.empty()) title_sel = Selector::compile(o.title_selector, error);
  if (!o.date_selector.empty()) date_sel = Selector::compile(o.date_selector, error);
  const Selector* dsel = date_sel.empty() ? nullptr : &date_sel;

  if (!o.link_selector.empty()) {
    Selector sel = Selector::compile(o.link_selector, error);
    for (const GumboNode* n : sel.select(dom.document())) {
      const GumboNode* a = tag(n) == GUMBO_TAG_A ? n : find_first(n, GUMBO_TAG_A);
      if (!a) continue;
      const GumboNode* item = tag(n) == GUMBO_TAG_A ? item_of(a) : n;
      std::string title;
      if (!title_sel.empty()) {
        auto t = title_sel.select(item);
        if (!t.empty()) title = text_of(t.front());
      }
      if (title.empty()) title = text_of(a);
      b.add(a, title, date_in(item, dsel));
    }
    return b.links;
  }

  // Automatic discovery: same-site links with an article-shaped path and a headline-like text.
  const std::string site = host_of(b.base);
  std::vector<const GumboNode*> anchors;
  std::vector<const GumboNode*> stack{dom.root()};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (!is_element(n)) continue;
    if (tag(n) == GUMBO_TAG_A && has_attr(n, "href")) anchors.push_back(n);
    for (unsigned i = n->v.element.children.length; i-- > 0;) stack.push_back(child(n, i));
  }
  for (const GumboNode* a : anchors) {
    std::string url = resolve_url(b.base, attr(a, "href"));
    if (host_of(url) != site || !article_path(path_of(url)) || in_furniture(a)) continue;
    std::string title = text_of(a);
    if (title.empty()) title = collapse(attr(a, "title"));
    bool headline = word_count(title) >= 4;
    if (!headline && !title.empty()) continue;  // "More", "Read on", a section name
    const GumboNode* item = item_of(a);
    if (!title_sel.empty()) {
      auto t = title_sel.select(item);
      if (!t.empty()) title = text_of(t.front());
    }
    b.add(a, title, date_in(item, dsel));
  }
  // Links that never got a headline (image-only) are not articles we can name.
  std::erase_if(b.links, [](const Link& l) { return l.title.empty(); });
  return b.links;
}

std::vector<std::string> find_feeds(std::string_view html, std::string_view base_url) {
  const std::string utf8 = to_utf8(html);
  Dom dom(utf8);
  const std::string base = base_of(dom, base_url);
  std::vector<std::string> out;
  std::vector<const GumboNode*> stack{dom.root()};
  while (!stack.empty()) {
    const GumboNode* n = stack.back();
    stack.pop_back();
    if (!is_element(n)) continue;
    if ((tag(n) == GUMBO_TAG_LINK || tag(n) == GUMBO_TAG_A) && has_attr(n, "href")) {
      std::string rel = " " + lower(attr(n, "rel")) + " ";
      std::string type = lower(collapse(attr(n, "type")));
      type = type.substr(0, type.find(';'));
      bool feed_type = type == "application/rss+xml" || type == "application/atom+xml" ||
                       type == "application/feed+json" || type == "application/rdf+xml";
      if (rel.find(" alternate ") != std::string::npos && feed_type) {
        std::string url = without_fragment(resolve_url(base, attr(n, "href")));
        if (std::find(out.begin(), out.end(), url) == out.end()) out.push_back(url);
      }
    }
    for (unsigned i = n->v.element.children.length; i-- > 0;) stack.push_back(child(n, i));
  }
  return out;
}

}  // namespace extract
