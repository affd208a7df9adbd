#include "parse/xml_repair.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstring>
#include <map>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "parse/html_entities.h"
#include "parse/text_util.h"

namespace parse {
namespace {

// memchr, with size() for "not found".
std::size_t find_char(std::string_view s, char c, std::size_t pos) {
  if (pos >= s.size()) return s.size();
  const void* hit = std::memchr(s.data() + pos, c, s.size() - pos);
  return hit == nullptr ? s.size() : static_cast<std::size_t>(static_cast<const char*>(hit) - s.data());
}

// The next '&' at or after `pos`, or size(). References come every few dozen bytes in escaped
// HTML, where a call to memchr per '&' costs more than this inline scan.
std::size_t find_amp(std::string_view s, std::size_t pos) {
#if defined(__SSE2__)
  const __m128i amp = _mm_set1_epi8('&');
  for (; pos + 16 <= s.size(); pos += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + pos));
    const int mask = _mm_movemask_epi8(_mm_cmpeq_epi8(block, amp));
    if (mask != 0) return pos + static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(mask)));
  }
#endif
  return find_char(s, '&', pos);
}

bool is_name_char(char c) {
  return is_alpha(c) || is_digit(c) || c == '_' || c == '-' || c == '.' || c == ':';
}

// The length of the predefined entity reference ("lt;", "gt;", "amp;", "apos;", "quot;") that
// `ref` (the text after a '&') starts with, or 0. Told apart by the first letter: escaped HTML in
// feeds has one of these every few dozen bytes.
std::size_t predefined_length(std::string_view ref) {
  // Byte by byte: a call to memcmp for three to five bytes costs more than the comparison.
  const auto is = [&](std::string_view name) {
    if (ref.size() < name.size()) return false;
    for (std::size_t i = 1; i < name.size(); ++i) {
      if (ref[i] != name[i]) return false;
    }
    return true;
  };
  switch (ref.empty() ? '\0' : ref.front()) {
    case 'l': return is("lt;") ? 3 : 0;
    case 'g': return is("gt;") ? 3 : 0;
    case 'a': return is("amp;") ? 4 : is("apos;") ? 5 : 0;
    case 'q': return is("quot;") ? 5 : 0;
    default: return 0;
  }
}

// The DOCTYPE's internal subset: general entities with literal values, and whether an
// external DTD is referenced (then undeclared references are not an XML error).
struct Doctype {
  std::map<std::string, std::string, std::less<>> entities;
  bool external = false;
};

std::size_t parse_entity_decl(std::string_view s, std::size_t pos, Doctype& dt) {
  pos += 8;  // "<!ENTITY"
  while (pos < s.size() && is_space(s[pos])) ++pos;
  if (pos >= s.size() || s[pos] == '%') return pos;  // parameter entity: not for content
  const std::size_t name_start = pos;
  while (pos < s.size() && is_name_char(s[pos])) ++pos;
  const std::string name(s.substr(name_start, pos - name_start));
  while (pos < s.size() && is_space(s[pos])) ++pos;
  if (pos >= s.size() || (s[pos] != '"' && s[pos] != '\'')) return pos;
  const std::size_t close = s.find(s[pos], pos + 1);
  if (close == std::string_view::npos) return s.size();
  dt.entities.emplace(name, std::string(s.substr(pos + 1, close - pos - 1)));
  return close + 1;
}

// Returns the position after the DOCTYPE declaration starting at `pos`.
std::size_t scan_doctype(std::string_view s, std::size_t pos, Doctype& dt) {
  const std::size_t bracket = s.find_first_of("[>", pos);
  if (bracket == std::string_view::npos) return s.size();
  const std::string_view head = s.substr(pos, bracket - pos);
  dt.external = head.find("PUBLIC") != std::string_view::npos ||
                head.find("SYSTEM") != std::string_view::npos;
  if (s[bracket] == '>') return bracket + 1;
  std::size_t p = bracket + 1;
  while (p < s.size() && s[p] != ']') {
    if (s.compare(p, 8, "<!ENTITY") == 0) {
      p = parse_entity_decl(s, p, dt);
    } else if (s.compare(p, 4, "<!--") == 0) {
      const std::size_t end = s.find("-->", p);
      p = end == std::string_view::npos ? s.size() : end + 3;
    } else {
      ++p;
    }
  }
  const std::size_t end = s.find('>', p);
  return end == std::string_view::npos ? s.size() : end + 1;
}

class Repairer {
 public:
  explicit Repairer(std::string_view doc) : doc_(doc) {}

  // Jumps from '&' to '&' (memchr speed). A well-formed reference needs no context; only for
  // the others is the markup (comments, CDATA, PIs, DOCTYPE) located, lazily, to tell whether
  // the '&' is literal there.
  RepairResult run() {
    std::size_t pos = 0;
    std::size_t markup = kUnknown;  // start of the next markup not yet passed
    while (pos < doc_.size()) {
      const std::size_t amp = find_amp(doc_, pos);
      if (amp >= doc_.size()) break;
      if (const std::size_t end = well_formed_reference(amp)) {
        pos = end;
        continue;
      }
      if (markup == kUnknown) markup = next_markup(0);
      std::size_t markup_end = 0;
      while (markup < amp) {
        markup_end = skip_markup(markup);
        if (markup_end > amp) break;
        markup = next_markup(markup_end);
      }
      if (markup < amp) {  // the '&' is inside markup where it is literal
        pos = markup_end;
        markup = next_markup(markup_end);
        continue;
      }
      pos = fix_reference(amp);
    }
    if (result_.changed) result_.text.append(doc_.substr(copied_));
    return std::move(result_);
  }

 private:
  // The end of the reference at `pos` when it is one XML accepts as is (predefined, decimal or
  // lower-case hexadecimal character reference), else 0.
  std::size_t well_formed_reference(std::size_t pos) const {
    std::size_t p = pos + 1;
    if (p < doc_.size() && doc_[p] == '#') {
      ++p;
      const bool hex = p < doc_.size() && doc_[p] == 'x';
      if (hex) ++p;
      const std::size_t digits = p;
      while (p < doc_.size() && (is_digit(doc_[p]) || (hex && std::isxdigit(static_cast<unsigned char>(doc_[p]))))) ++p;
      return p > digits && p < doc_.size() && doc_[p] == ';' ? p + 1 : 0;
    }
    const std::size_t len = predefined_length(doc_.substr(p, 5));
    return len == 0 ? 0 : p + len;
  }

  // The next "<!" (comment, CDATA, DOCTYPE) or "<?" (processing instruction), or size().
  // Searches for the rare '!' / '?' and checks the '<' before them: much faster than looking
  // for the frequent '<'. Each result is cached until passed, so the scan stays linear.
  std::size_t next_markup(std::size_t pos) {
    if (next_bang_ == kUnknown || next_bang_ < pos) next_bang_ = find_after_lt(pos, '!');
    if (next_pi_ == kUnknown || next_pi_ < pos) next_pi_ = find_after_lt(pos, '?');
    return std::min(next_bang_, next_pi_);
  }

  std::size_t find_after_lt(std::size_t pos, char c) const {
    for (std::size_t at = find_char(doc_, c, pos + 1); at < doc_.size(); at = find_char(doc_, c, at + 1)) {
      if (doc_[at - 1] == '<') return at - 1;
    }
    return doc_.size();
  }

  std::size_t skip_to(std::size_t pos, std::string_view terminator) {
    const std::size_t end = doc_.find(terminator, pos);
    return end == std::string_view::npos ? doc_.size() : end + terminator.size();
  }

  std::size_t skip_markup(std::size_t pos) {
    if (doc_.compare(pos, 4, "<!--") == 0) return skip_to(pos + 4, "-->");
    if (doc_.compare(pos, 9, "<![CDATA[") == 0) return skip_to(pos + 9, "]]>");
    if (doc_.compare(pos, 2, "<?") == 0) return skip_to(pos + 2, "?>");
    if (doc_.compare(pos, 9, "<!DOCTYPE") == 0) return scan_doctype(doc_, pos, doctype_);
    return pos + 2;
  }

  void replace(std::size_t pos, std::size_t len, std::string_view with, const char* why) {
    // Room for the whole document and a few dozen rewrites at once: growing by doubling from the
    // first fix-up copied a large feed several times over.
    if (!result_.changed) result_.text.reserve(doc_.size() + doc_.size() / 32 + 64);
    result_.text.append(doc_.substr(copied_, pos - copied_)).append(with);
    copied_ = pos + len;
    result_.changed = true;
    if (why != nullptr && result_.problem.empty()) result_.problem = why;
  }

  std::size_t fix_reference(std::size_t pos) {
    std::size_t end = pos + 1;
    if (end < doc_.size() && doc_[end] == '#') ++end;
    while (end < doc_.size() && is_name_char(doc_[end])) ++end;
    const bool terminated = end < doc_.size() && doc_[end] == ';' && end > pos + 1;
    const std::string_view name = doc_.substr(pos + 1, end - pos - 1);
    if (!terminated) {
      replace(pos, 1, "&amp;", "unescaped '&' in text");
      return pos + 1;
    }
    if (name.size() > 1 && name[0] == '#' && name[1] == 'X') {  // pugixml wants a lower-case x
      replace(pos, 3, "&#x", nullptr);
      return end + 1;
    }
    if (name.front() == '#' || predefined_length(doc_.substr(pos + 1, end - pos)) != 0) return end + 1;
    if (const auto it = doctype_.entities.find(name); it != doctype_.entities.end()) {
      replace(pos, end + 1 - pos, it->second, nullptr);
    } else if (const auto cp = lookup_html_entity(name)) {
      std::string ref = "&#" + std::to_string(static_cast<unsigned long>(*cp)) + ";";
      replace(pos, end + 1 - pos, ref, doctype_.external ? nullptr : "undefined entity");
    } else {
      replace(pos, 1, "&amp;", doctype_.external ? nullptr : "undefined entity");
    }
    return end + 1;
  }

  std::string_view doc_;
  std::size_t copied_ = 0;
  static constexpr std::size_t kUnknown = std::string_view::npos;
  std::size_t next_bang_ = kUnknown, next_pi_ = kUnknown;  // see next_markup()
  Doctype doctype_;
  RepairResult result_;
};

}  // namespace

RepairResult repair_entities(std::string_view doc) { return Repairer(doc).run(); }

}  // namespace parse
