// Main-text extraction, readability-style: drop what is never content, score paragraphs into
// their ancestors (text length, commas, class/id hints, link density), take the best container
// and its related siblings, clean what it holds, and print its blocks. When that finds little
// text, retry with fewer heuristics and keep the longest result.
#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <unordered_map>
#include <vector>

#include "extract/internal.h"

namespace extract::detail {
namespace {

enum Flag : unsigned { kStripUnlikely = 1, kWeightClasses = 2, kCleanConditionally = 4 };

using Words = std::initializer_list<const char*>;
// Generic words of page furniture, as used in class and id attributes across sites.
const Words kUnlikely = {"-ad-", "ai2html", "banner", "breadcrumb", "combx", "comment", "community", "cover-wrap",
                         "disqus", "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark",
                         "replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental",
                         "ad-break", "agegate", "pagination", "pager", "popup", "cookie", "consent", "newsletter",
                         "subscribe", "share", "sharing", "recommend", "outbrain", "taboola", "signup", "modal"};
const Words kMaybe = {"and", "article", "body", "column", "content", "main", "shadow"};
const Words kNegative = {"-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "foot", "footnote",
                         "gdpr", "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share",
                         "shoutbox", "sidebar", "skyscraper", "sponsor", "shopping", "tags", "tool", "widget",
                         "cookie", "newsletter", "subscribe", "social", "byline", "caption"};
const Words kPositive = {"article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination",
                         "post", "text", "blog", "story"};
// Small furniture inside an article body: removed when its text is short.
const Words kShortJunk = {"caption", "credit", "byline", "author", "dateline", "timestamp", "share", "social",
                          "follow", "newsletter", "subscribe", "advert", "sponsored", "related", "read-more",
                          "readmore", "tags", "topics", "print", "toolbar", "promo", "signup", "cookie"};
const Words kHiddenRoles = {"navigation", "complementary", "banner", "contentinfo", "menu", "menubar", "dialog",
                            "alertdialog", "search"};

bool has_any(const std::string& s, Words words) {
  for (const char* w : words)
    if (s.find(w) != std::string::npos) return true;
  return false;
}

bool is_one_of(GumboTag t, std::initializer_list<GumboTag> tags) {
  return std::find(tags.begin(), tags.end(), t) != tags.end();
}

bool is_heading(GumboTag t) {
  return is_one_of(t, {GUMBO_TAG_H1, GUMBO_TAG_H2, GUMBO_TAG_H3, GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6});
}

// Elements that start a new block of text.
bool is_block(GumboTag t) {
  return is_heading(t) ||
         is_one_of(t, {GUMBO_TAG_P, GUMBO_TAG_DIV, GUMBO_TAG_SECTION, GUMBO_TAG_ARTICLE, GUMBO_TAG_MAIN,
                       GUMBO_TAG_UL, GUMBO_TAG_OL, GUMBO_TAG_LI, GUMBO_TAG_DL, GUMBO_TAG_DT, GUMBO_TAG_DD,
                       GUMBO_TAG_BLOCKQUOTE, GUMBO_TAG_PRE, GUMBO_TAG_TABLE, GUMBO_TAG_TR, GUMBO_TAG_FIGURE,
                       GUMBO_TAG_HEADER, GUMBO_TAG_ADDRESS, GUMBO_TAG_HR, GUMBO_TAG_BR, GUMBO_TAG_FORM,
                       GUMBO_TAG_FIELDSET, GUMBO_TAG_TBODY, GUMBO_TAG_CENTER});
}

bool is_hidden(const GumboNode* n) {
  if (has_attr(n, "hidden")) return true;
  if (lower(attr(n, "aria-hidden")) == "true") return true;
  std::string style = lower(attr(n, "style"));
  style.erase(std::remove(style.begin(), style.end(), ' '), style.end());
  return style.find("display:none") != std::string::npos || style.find("visibility:hidden") != std::string::npos;
}

struct Counts {
  std::size_t chars = 0;       // non-space characters of visible text
  std::size_t link_chars = 0;  // of which inside <a>
  std::size_t commas = 0;
  std::size_t paragraphs = 0, images = 0, items = 0, inputs = 0, embeds = 0, headings_chars = 0;
  double link_density() const { return chars ? double(link_chars) / double(chars) : 0.0; }
};

class Extraction {
 public:
  Extraction(const GumboNode* root, unsigned flags, const std::string& title)
      : root_(root), flags_(flags), title_(title) {}

  std::string run() {
    mark_removed(root_, 0);
    count(root_, false, 0);
    score_paragraphs(root_, 0);
    std::vector<const GumboNode*> parts = pick_content();
    for (const GumboNode* p : parts) emit(p, 0);
    flush();
    return out_;
  }

 private:
  // --- 1. what is never content ---------------------------------------------------------------
  void mark_removed(const GumboNode* n, int depth) {
    if (depth > kMaxDepth) return;
    if (!is_element(n)) return;
    if (is_furniture(n)) {
      removed_[n] = true;
      return;
    }
    for (unsigned i = 0; i < n->v.element.children.length; ++i) mark_removed(child(n, i), depth + 1);
  }

  bool is_furniture(const GumboNode* n) const {
    GumboTag t = tag(n);
    if (is_one_of(t, {GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE, GUMBO_TAG_NOSCRIPT, GUMBO_TAG_TEMPLATE, GUMBO_TAG_IFRAME,
                      GUMBO_TAG_SVG, GUMBO_TAG_CANVAS, GUMBO_TAG_BUTTON, GUMBO_TAG_SELECT, GUMBO_TAG_INPUT,
                      GUMBO_TAG_TEXTAREA, GUMBO_TAG_OBJECT, GUMBO_TAG_EMBED, GUMBO_TAG_VIDEO, GUMBO_TAG_AUDIO,
                      GUMBO_TAG_HEAD, GUMBO_TAG_FIGCAPTION, GUMBO_TAG_MENU, GUMBO_TAG_MATH}))
      return true;
    if (is_hidden(n)) return true;
    if (t == GUMBO_TAG_HTML || t == GUMBO_TAG_BODY) return false;
    const std::string ci = class_and_id(n);
    if (!ci.empty() && has_any(ci, kShortJunk) && !has_any(ci, {"article-body", "articlebody", "post-body", "entry-content"})) {
      if (char_count(text_of(n)) < 200) return true;
    }
    if (!(flags_ & kStripUnlikely)) return false;
    if (is_one_of(t, {GUMBO_TAG_NAV, GUMBO_TAG_ASIDE, GUMBO_TAG_FOOTER, GUMBO_TAG_FIGURE})) return true;
    if (has_any(lower(attr(n, "role")), kHiddenRoles)) return true;
    if (t == GUMBO_TAG_A || t == GUMBO_TAG_ARTICLE || t == GUMBO_TAG_MAIN) return false;
    return !ci.empty() && has_any(ci, kUnlikely) && !has_any(ci, kMaybe);
  }

  bool removed(const GumboNode* n) const { return removed_.count(n) != 0; }

  // --- 2. text statistics of every kept element --------------------------------------------------
  Counts count(const GumboNode* n, bool in_link, int depth) {
    Counts c;
    if (depth > kMaxDepth) return c;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA) {
      std::string_view s = n->v.text.text;
      c.chars = char_count(s);
      if (in_link) c.link_chars = c.chars;
      for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i] == ',' || s.substr(i, 3) == "\xEF\xBC\x8C" || s.substr(i, 3) == "\xE3\x80\x81") ++c.commas;
      return c;
    }
    if (!is_element(n) || removed(n)) return c;
    GumboTag t = tag(n);
    bool link = in_link || t == GUMBO_TAG_A;
    for (unsigned i = 0; i < n->v.element.children.length; ++i) {
      Counts k = count(child(n, i), link, depth + 1);
      c.chars += k.chars, c.link_chars += k.link_chars, c.commas += k.commas, c.paragraphs += k.paragraphs;
      c.images += k.images, c.items += k.items, c.inputs += k.inputs, c.embeds += k.embeds;
      c.headings_chars += k.headings_chars;
    }
    if (t == GUMBO_TAG_P) ++c.paragraphs;
    if (t == GUMBO_TAG_IMG) ++c.images;
    if (t == GUMBO_TAG_LI) ++c.items;
    if (t == GUMBO_TAG_INPUT || t == GUMBO_TAG_SELECT || t == GUMBO_TAG_TEXTAREA) ++c.inputs;
    if (is_heading(t)) c.headings_chars = c.chars;
    counts_[n] = c;
    return c;
  }

  const Counts& counts(const GumboNode* n) {
    static const Counts kNone;
    auto it = counts_.find(n);
    return it == counts_.end() ? kNone : it->second;
  }

  int class_weight(const GumboNode* n) const {
    if (!(flags_ & kWeightClasses)) return 0;
    int w = 0;
    for (std::string v : {lower(attr(n, "class")), lower(attr(n, "id"))}) {
      if (v.empty()) continue;
      if (has_any(v, kNegative)) w -= 25;
      if (has_any(v, kPositive)) w += 25;
    }
    return w;
  }

  // --- 3. paragraphs vote for their ancestors ----------------------------------------------------
  bool has_block_child(const GumboNode* n) const {
    for (unsigned i = 0; i < n->v.element.children.length; ++i) {
      const GumboNode* k = child(n, i);
      if (is_element(k) && !removed(k) && is_block(tag(k)) && tag(k) != GUMBO_TAG_BR) return true;
    }
    return false;
  }

  // Non-space characters and commas of the text directly inside `n` (not in block children).
  void inline_text(const GumboNode* n, std::size_t& chars, std::size_t& commas) {
    for (unsigned i = 0; i < n->v.element.children.length; ++i) {
      const GumboNode* k = child(n, i);
      if (is_element(k) && (removed(k) || (is_block(tag(k)) && tag(k) != GUMBO_TAG_BR))) continue;
      if (is_element(k)) {
        chars += counts(k).chars, commas += counts(k).commas;
      } else if (k->type == GUMBO_NODE_TEXT || k->type == GUMBO_NODE_CDATA) {
        std::string_view s = k->v.text.text;
        chars += char_count(s);
        commas += static_cast<std::size_t>(std::count(s.begin(), s.end(), ','));
      }
    }
  }

  void score_paragraphs(const GumboNode* n, int depth) {
    if (depth > kMaxDepth || !is_element(n) || removed(n)) return;
    GumboTag t = tag(n);
    bool scorable = is_one_of(t, {GUMBO_TAG_P, GUMBO_TAG_PRE, GUMBO_TAG_TD, GUMBO_TAG_H2, GUMBO_TAG_H3,
                                  GUMBO_TAG_H4, GUMBO_TAG_H5, GUMBO_TAG_H6, GUMBO_TAG_SECTION});
    bool divlike = is_one_of(t, {GUMBO_TAG_DIV, GUMBO_TAG_SECTION, GUMBO_TAG_ARTICLE, GUMBO_TAG_MAIN});
    if (scorable || (divlike && !has_block_child(n))) {
      add_paragraph(n->parent, counts(n).chars, counts(n).commas);
    } else if (divlike) {
      std::size_t chars = 0, commas = 0;
      inline_text(n, chars, commas);
      add_paragraph(n, chars, commas);
    }
    if (scorable && t != GUMBO_TAG_SECTION && t != GUMBO_TAG_TD) return;
    for (unsigned i = 0; i < n->v.element.children.length; ++i) score_paragraphs(child(n, i), depth + 1);
  }

  void add_paragraph(const GumboNode* parent, std::size_t chars, std::size_t commas) {
    if (chars < 25 || !is_element(parent)) return;
    double s = 1.0 + double(commas) + std::min(std::floor(double(chars) / 100.0), 3.0);
    const GumboNode* a = parent;
    for (int level = 0; level < 5 && is_element(a); ++level, a = a->parent) {
      if (tag(a) == GUMBO_TAG_HTML) break;
      double& sc = candidate(a);
      sc += level == 0 ? s : level == 1 ? s / 2 : s / (level * 3);
    }
  }

  double& candidate(const GumboNode* n) {
    auto it = scores_.find(n);
    if (it != scores_.end()) return it->second;
    double base = 0;
    switch (tag(n)) {
      case GUMBO_TAG_DIV: base = 5; break;
      case GUMBO_TAG_PRE: case GUMBO_TAG_TD: case GUMBO_TAG_BLOCKQUOTE: base = 3; break;
      case GUMBO_TAG_ADDRESS: case GUMBO_TAG_OL: case GUMBO_TAG_UL: case GUMBO_TAG_DL: case GUMBO_TAG_DD:
      case GUMBO_TAG_DT: case GUMBO_TAG_LI: case GUMBO_TAG_FORM: base = -3; break;
      case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3: case GUMBO_TAG_H4: case GUMBO_TAG_H5:
      case GUMBO_TAG_H6: case GUMBO_TAG_TH: base = -5; break;
      default: break;
    }
    order_.push_back(n);
    return scores_.emplace(n, base + class_weight(n)).first->second;
  }

  double final_score(const GumboNode* n) {
    auto it = scores_.find(n);
    if (it == scores_.end()) return 0;
    return it->second * (1.0 - counts(n).link_density());
  }
  bool is_candidate(const GumboNode* n) const { return scores_.count(n) != 0; }

  // --- 4. the best container and its related siblings --------------------------------------------
  std::vector<const GumboNode*> pick_content() {
    const GumboNode* body = find_first(root_, GUMBO_TAG_BODY);
    if (!body) body = root_;
    std::vector<std::pair<double, const GumboNode*>> ranked;
    for (const GumboNode* n : order_) ranked.emplace_back(final_score(n), n);
    std::stable_sort(ranked.begin(), ranked.end(), [](auto& a, auto& b) { return a.first > b.first; });
    if (ranked.empty() || ranked.front().second == body) return {body};
    const GumboNode* top = ranked.front().second;
    double top_score = ranked.front().first;
    top = climb(top, top_score, ranked, body);
    top_score = final_score(top);

    const GumboNode* parent = top->parent;
    if (!is_element(parent) || top == body) return {top};
    std::vector<const GumboNode*> parts;
    double threshold = std::max(10.0, top_score * 0.2);
    std::string top_class(attr(top, "class"));
    for (unsigned i = 0; i < parent->v.element.children.length; ++i) {
      const GumboNode* s = child(parent, i);
      if (!is_element(s) || removed(s)) continue;
      if (s == top) {
        parts.push_back(s);
        continue;
      }
      double bonus = (!top_class.empty() && attr(s, "class") == top_class) ? top_score * 0.2 : 0;
      if (is_candidate(s) && final_score(s) + bonus >= threshold) {
        parts.push_back(s);
      } else if (tag(s) == GUMBO_TAG_P) {
        const Counts& c = counts(s);
        std::string text = text_of(s);
        if (c.chars > 80 && c.link_density() < 0.25) parts.push_back(s);
        else if (c.chars > 0 && c.chars <= 80 && c.link_chars == 0 && !text.empty() &&
                 (text.back() == '.' || text.find(". ") != std::string::npos))
          parts.push_back(s);
      }
    }
    return parts;
  }

  // Moves up from the top candidate when its ancestors hold comparable content (readability).
  const GumboNode* climb(const GumboNode* top, double top_score,
                         const std::vector<std::pair<double, const GumboNode*>>& ranked, const GumboNode* body) {
    // Several strong candidates under one ancestor: that ancestor is the article.
    std::vector<const GumboNode*> alternatives;
    for (std::size_t i = 1; i < ranked.size() && i < 5; ++i)
      if (ranked[i].first / top_score >= 0.75) alternatives.push_back(ranked[i].second);
    if (alternatives.size() >= 3) {
      for (const GumboNode* a = top->parent; is_element(a) && a != body; a = a->parent) {
        int contained = 0;
        for (const GumboNode* alt : alternatives)
          for (const GumboNode* x = alt; is_element(x); x = x->parent)
            if (x == a) {
              ++contained;
              break;
            }
        if (contained >= 3) {
          top = a;
          break;
        }
      }
    }
    // A parent scoring higher than the candidate is a better container.
    double last = final_score(top), threshold = last / 3;
    for (const GumboNode* p = top->parent; is_element(p) && p != body; p = p->parent) {
      if (!is_candidate(p)) continue;
      double ps = final_score(p);
      if (ps < threshold) break;
      if (ps > last) {
        top = p;
        break;
      }
      last = ps;
    }
    // An only child is its parent's content.
    while (is_element(top->parent) && top->parent != body && element_children(top->parent) == 1) top = top->parent;
    return top;
  }

  unsigned element_children(const GumboNode* n) const {
    unsigned k = 0;
    for (unsigned i = 0; i < n->v.element.children.length; ++i)
      if (is_element(child(n, i)) && !removed(child(n, i))) ++k;
    return k;
  }

  // --- 5. clean and print -------------------------------------------------------------------------
  bool drop_conditionally(const GumboNode* n) {
    GumboTag t = tag(n);
    if (!(flags_ & kCleanConditionally)) return false;
    if (!is_one_of(t, {GUMBO_TAG_DIV, GUMBO_TAG_SECTION, GUMBO_TAG_TABLE, GUMBO_TAG_UL, GUMBO_TAG_OL,
                       GUMBO_TAG_FORM, GUMBO_TAG_FIELDSET, GUMBO_TAG_HEADER}))
      return false;
    int weight = class_weight(n);
    if (weight < 0) return true;
    const Counts& c = counts(n);
    if (c.commas >= 10) return false;
    bool list = t == GUMBO_TAG_UL || t == GUMBO_TAG_OL;
    double p = double(c.paragraphs), img = double(c.images);
    double li = double(c.items) - 100.0;
    double heading_density = c.chars ? double(c.headings_chars) / double(c.chars) : 0;
    double ld = c.link_density();
    return (img > 1 && p / img < 0.5) || (!list && li > p) || (double(c.inputs) > std::floor(p / 3)) ||
           (!list && heading_density < 0.9 && c.chars < 25 && (img == 0 || img > 2)) ||
           (!list && weight < 25 && ld > 0.2) || (weight >= 25 && ld > 0.5) || (list && ld > 0.5);
  }

  bool is_title(const GumboNode* n) {
    if (title_.empty() || title_done_) return false;
    std::string t = text_of(n);
    if (t.empty()) return false;
    if (title_.find(t) != std::string::npos || t.find(title_) != std::string::npos) return title_done_ = true;
    return false;
  }

  void emit(const GumboNode* n, int depth) {
    if (depth > kMaxDepth) return;
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA || n->type == GUMBO_NODE_WHITESPACE) {
      line_ += n->v.text.text;
      return;
    }
    if (!is_element(n) || removed(n)) return;
    GumboTag t = tag(n);
    if (depth > 0 && drop_conditionally(n)) return;
    if (is_heading(t)) {
      if (is_title(n) || class_weight(n) < 0 || counts(n).link_density() > 0.33) return;
    }
    bool block = is_block(t);
    if (block) flush();
    for (unsigned i = 0; i < n->v.element.children.length; ++i) emit(child(n, i), depth + 1);
    if (block) flush();
    else if (t == GUMBO_TAG_TD || t == GUMBO_TAG_TH) line_ += ' ';
  }

  void flush() {
    std::string s = collapse(line_);
    line_.clear();
    if (s.empty()) return;
    if (!out_.empty()) out_ += "\n\n";
    out_ += s;
  }

  const GumboNode* root_;
  unsigned flags_;
  const std::string& title_;
  bool title_done_ = false;
  std::unordered_map<const GumboNode*, bool> removed_;
  std::unordered_map<const GumboNode*, Counts> counts_;
  std::unordered_map<const GumboNode*, double> scores_;
  std::vector<const GumboNode*> order_;
  std::string line_, out_;
};

}  // namespace

std::string class_and_id(const GumboNode* n) {
  std::string s = lower(attr(n, "class"));
  std::string_view id = attr(n, "id");
  if (!id.empty()) {
    if (!s.empty()) s += ' ';
    s += lower(id);
  }
  return s;
}

std::string main_text(const GumboNode* root, const std::string& title) {
  constexpr std::size_t kEnough = 500;  // characters; below this, fewer heuristics are tried
  std::string best;
  for (unsigned flags : {kStripUnlikely | kWeightClasses | kCleanConditionally, kWeightClasses | kCleanConditionally,
                         unsigned{kCleanConditionally}, 0u}) {
    std::string text = Extraction(root, flags, title).run();
    if (char_count(text) >= kEnough) return text;
    if (char_count(text) > char_count(best)) best = std::move(text);
  }
  return best;
}

}  // namespace extract::detail
