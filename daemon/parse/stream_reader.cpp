// The one-pass reader: a strict tokenizer over the text that hands each field element of the
// channel and items to the field rules as a StreamElement. Whatever it does not handle exactly
// as pugixml + the DOM reader would, it refuses (throws Unsupported inside, returns false).
#include "parse/stream_reader.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstring>
#include <deque>
#include <string>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "parse/assemble.h"
#include "parse/detect.h"
#include "parse/element.h"
#include "parse/fields.h"
#include "parse/html_entities.h"
#include "parse/scope.h"
#include "parse/text_util.h"
#include "parse/xml_names.h"

namespace parse {
namespace {

struct Unsupported {};

[[noreturn]] void refuse() { throw Unsupported{}; }

// Names are read in the ASCII subset of XML names; anything else goes to the DOM reader.
constexpr bool is_name_start(char c) { return is_alpha(c) || c == '_'; }
constexpr bool is_name_char(char c) { return is_alpha(c) || is_digit(c) || c == '_' || c == '-' || c == '.' || c == ':'; }
constexpr bool is_xml_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }  // no CR here

constexpr auto kNameChars = [] {
  std::array<bool, 256> t{};
  for (unsigned u = 0; u < 256; ++u) t[u] = is_name_char(static_cast<char>(u));
  return t;
}();

// Where the run of name characters (or of spaces) starting at `pos` ends. The position is a
// parameter, so a register: a member would be stored at every step (a char read may alias it).
std::size_t name_end(std::string_view s, std::size_t pos) {
  while (pos < s.size() && kNameChars[static_cast<unsigned char>(s[pos])]) ++pos;
  return pos;
}
std::size_t space_end(std::string_view s, std::size_t pos) {
  while (pos < s.size() && is_xml_space(s[pos])) ++pos;
  return pos;
}

// Deeper nesting than this is left to the DOM reader (whose walks are iterative).
constexpr std::size_t kMaxDepth = 64;

// A start tag. Attribute values are views into the text, or into `decoded` when they held
// references (a deque: its strings never move while the tag is in use).
struct Tag {
  std::string_view name;
  std::vector<StreamElement::Attribute> attributes;
  std::deque<std::string> decoded;
  bool empty = false;      // <name/>
  bool xml_prefixed = false;  // some attribute is xml:* (xml:base, xml:lang)

  std::optional<std::string_view> attribute(std::string_view wanted) const {
    for (const auto& a : attributes) {
      if (a.name == wanted) return a.value;
    }
    return std::nullopt;
  }
};

// What entity repair (xml_repair.cpp) and then pugixml's decoding make of the reference at
// `amp` (an '&'): a predefined entity or a character reference (also "&#X..."), is its
// character; an HTML entity becomes its character and an unknown name stays as written (both
// "undefined entity"); an '&' that starts no name ended by ';' stays a literal '&' ("unescaped
// '&' in text"). The reason goes to `problem` unless it holds one already. Character
// references pugixml would decode oddly (malformed, NUL, a surrogate, beyond U+10FFFF) are
// refused. What it gives is never longer than what was written.
struct Reference {
  std::size_t next = 0;          ///< where the text goes on
  char32_t character = 0;        ///< the character it stands for, unless
  std::string_view as_written;   ///< it stays as written
};

Reference read_reference(std::string_view s, std::size_t amp, std::string* problem) {
  const auto note = [&](const char* why) {
    if (problem != nullptr && problem->empty()) *problem = why;
  };
  const std::size_t p = amp + 1;
  const auto predefined = [&](std::string_view name) { return has_at(s, p, name); };
  const auto found = [&](char c, std::size_t length) { return Reference{p + length, static_cast<char32_t>(c), {}}; };
  switch (p < s.size() ? s[p] : '\0') {  // the predefined entities first, by their first letter
    case 'l': if (predefined("lt;")) return found('<', 3); break;
    case 'g': if (predefined("gt;")) return found('>', 3); break;
    case 'q': if (predefined("quot;")) return found('"', 5); break;
    case 'a':
      if (predefined("amp;")) return found('&', 4);
      if (predefined("apos;")) return found('\'', 5);
      break;
    default: break;
  }
  std::size_t end = p;  // the name as repair delimits it
  if (end < s.size() && s[end] == '#') ++end;
  end = name_end(s, end);
  if (end == p || end >= s.size() || s[end] != ';') {
    note("unescaped '&' in text");
    return {p, 0, s.substr(amp, 1)};
  }
  const std::string_view name = s.substr(p, end - p);
  if (name.front() == '#') {
    const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
    const std::string_view digits = name.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 8) refuse();
    char32_t cp = 0;
    for (const char c : digits) {
      int v = -1;
      if (is_digit(c)) v = c - '0';
      else if (hex && c >= 'a' && c <= 'f') v = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F') v = c - 'A' + 10;
      if (v < 0) refuse();
      cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(v);
    }
    if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) refuse();
    return {end + 1, cp, {}};
  }
  note("undefined entity");
  if (const auto cp = lookup_html_entity(name)) return {end + 1, *cp, {}};
  return {end + 1, 0, s.substr(amp, end + 1 - amp)};
}

// The reference's text at `o` (room for it assumed); returns the end.
char* write_reference(const Reference& r, char* o) {
  if (!r.as_written.empty()) {
    std::memcpy(o, r.as_written.data(), r.as_written.size());
    return o + r.as_written.size();
  }
  return write_utf8(r.character, o);
}

// As read_reference, its text appended to `out`.
std::size_t decode_reference(std::string_view s, std::size_t amp, std::string& out, std::string* problem) {
  const Reference r = read_reference(s, amp, problem);
  if (!r.as_written.empty()) out.append(r.as_written);
  else append_utf8(out, r.character);
  return r.next;
}

// The first position at or after `pos` holding `a` or `b`, or s.size(). Sixteen bytes at a
// time: text runs between tags are short, and a call to memchr for each costs more.
[[gnu::always_inline]] inline std::size_t find_either(std::string_view s, std::size_t pos, char a, char b) {
#if defined(__SSE2__)
  const __m128i va = _mm_set1_epi8(a), vb = _mm_set1_epi8(b);
  for (; pos + 16 <= s.size(); pos += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + pos));
    const int mask = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(block, va), _mm_cmpeq_epi8(block, vb)));
    if (mask != 0) return pos + static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(mask)));
  }
#endif
  while (pos < s.size() && s[pos] != a && s[pos] != b) ++pos;
  return pos;
}

// In an attribute value from `pos`: the first `quote` (its end), '<' (refused), or byte that
// pugixml changes (a reference, a tab or line feed), or s.size(). Sixteen bytes at a time.
std::size_t find_in_value(std::string_view s, std::size_t pos, char quote) {
#if defined(__SSE2__)
  const __m128i q = _mm_set1_epi8(quote), lt = _mm_set1_epi8('<'), amp = _mm_set1_epi8('&');
  const __m128i tab = _mm_set1_epi8('\t'), lf = _mm_set1_epi8('\n');
  for (; pos + 16 <= s.size(); pos += 16) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + pos));
    const __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, q), _mm_cmpeq_epi8(b, lt)),
                                     _mm_or_si128(_mm_cmpeq_epi8(b, amp),
                                                  _mm_or_si128(_mm_cmpeq_epi8(b, tab), _mm_cmpeq_epi8(b, lf))));
    const int mask = _mm_movemask_epi8(hit);
    if (mask != 0) return pos + static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(mask)));
  }
#endif
  for (; pos < s.size(); ++pos) {
    const char c = s[pos];
    if (c == quote || c == '<' || c == '&' || c == '\t' || c == '\n') break;
  }
  return pos;
}

void append_decoded(std::string_view raw, std::string& out, std::string* problem) {
  std::size_t i = 0;
  for (std::size_t amp = find_either(raw, 0, '&', '&'); amp < raw.size(); amp = find_either(raw, i, '&', '&')) {
    out.append(raw.substr(i, amp - i));
    i = decode_reference(raw, amp, out, problem);
  }
  out.append(raw.substr(i));
}

// An attribute value as pugixml stores it (parse_wconv_attribute): references decoded, a literal
// tab or line feed read as a space (one written as a reference stays as it is).
void decode_attribute(std::string_view raw, std::string& out, std::string* problem) {
  for (std::size_t i = 0; i < raw.size();) {
    if (raw[i] == '&') {
      i = decode_reference(raw, i, out, problem);
      continue;
    }
    out += raw[i] == '\t' || raw[i] == '\n' ? ' ' : raw[i];
    ++i;
  }
}

bool all_space(std::string_view s) {
  for (const char c : s) {
    if (!is_xml_space(c)) return false;
  }
  return true;
}

// Whether pugixml's printer escapes a character, in text or in an attribute value.
constexpr bool escaped_in(unsigned char u, bool attribute) {
  if (u >= 32) return u == '&' || u == '<' || (attribute ? u == '"' : u == '>');
  return attribute || (u != '\t' && u != '\n' && u != '\r');
}

constexpr auto kEscapedInText = [] {
  std::array<bool, 256> t{};
  for (unsigned u = 0; u < 256; ++u) t[u] = escaped_in(static_cast<unsigned char>(u), false);
  return t;
}();
constexpr auto kEscapedInAttribute = [] {
  std::array<bool, 256> t{};
  for (unsigned u = 0; u < 256; ++u) t[u] = escaped_in(static_cast<unsigned char>(u), true);
  return t;
}();
bool needs_escape(char c, bool attribute) {
  const auto u = static_cast<unsigned char>(c);
  return attribute ? kEscapedInAttribute[u] : kEscapedInText[u];
}

// The first byte of `text` at or after `pos` that pugixml escapes in text, or size():
// & < > and control characters other than tab, LF and CR (sixteen bytes at a time).
std::size_t find_text_escape(std::string_view text, std::size_t pos) {
#if defined(__SSE2__)
  const __m128i low = _mm_set1_epi8(31);
  for (; pos + 16 <= text.size(); pos += 16) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + pos));
    const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(b, low), low);  // b <= 31
    const __m128i allowed = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('\t')),
                                                      _mm_cmpeq_epi8(b, _mm_set1_epi8('\n'))),
                                         _mm_cmpeq_epi8(b, _mm_set1_epi8('\r')));
    const __m128i markup = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('&')),
                                                     _mm_cmpeq_epi8(b, _mm_set1_epi8('<'))),
                                        _mm_cmpeq_epi8(b, _mm_set1_epi8('>')));
    const int mask = _mm_movemask_epi8(_mm_or_si128(_mm_andnot_si128(allowed, control), markup));
    if (mask != 0) return pos + static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(mask)));
  }
#endif
  while (pos < text.size() && !needs_escape(text[pos], false)) ++pos;
  return pos;
}

// Runs of ordinary characters are appended whole.
void escape(std::string_view text, bool attribute, std::string& out) {
  std::size_t run = 0;
  for (std::size_t i = attribute ? 0 : find_text_escape(text, 0); i < text.size();
       i = attribute ? i + 1 : find_text_escape(text, i + 1)) {
    const char c = text[i];
    if (!needs_escape(c, attribute)) continue;
    out.append(text.substr(run, i - run));
    run = i + 1;
    if (c == '&') out += "&amp;";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '"') out += "&quot;";
    else {
      const auto u = static_cast<unsigned char>(c);
      const char digits[] = {'&', '#', static_cast<char>('0' + u / 10), static_cast<char>('0' + u % 10), ';'};
      out.append(digits, sizeof digits);
    }
  }
  out.append(text.substr(run));
}

// The parts of an element as pugixml prints it: ` name="value"` (value escaped), and the end
// of an element whose content was printed from `mark` on: "<x/>" when that printed nothing.
void print_attribute(std::string_view name, std::string_view value, std::string& out) {
  out += ' ';
  out += name;
  out += "=\"";
  escape(value, true, out);
  out += '"';
}

void print_end(std::string_view element, std::size_t mark, std::string& out) {
  if (out.size() == mark) {  // no child nodes: pugixml writes an empty-element tag
    out.back() = '/';
    out += '>';
    return;
  }
  out += "</";
  out += element;
  out += '>';
}

// pugixml's print(format_raw) of the nodes its DOM would hold for `content`, a run of XML the
// reader has already checked (see read_content): elements with their attributes escaped,
// character data escaped, CDATA sections as they are; whitespace-only text and comments are
// not nodes. The escaping follows pugixml 1.13: in text & < > and control characters other
// than tab, LF and CR; in attributes & < " and every control character.
class MarkupPrinter {
 public:
  explicit MarkupPrinter(std::string_view content) : s_(content) {}

  // The children of the first child element when it is a <div> (Atom's xhtml wrapper), else
  // all of the content.
  std::string print(bool strip_div) {
    std::string out;
    out.reserve(s_.size());  // about as long as what it prints
    if (strip_div && enter_first_div()) {
      print_nodes(out, false);
    } else {
      pos_ = 0;
      print_nodes(out, true);
    }
    return out;
  }

 private:
  bool at(std::string_view t) const { return has_at(s_, pos_, t); }
  std::string_view until(std::string_view terminator) {
    const std::size_t end = std::min(s_.find(terminator, pos_), s_.size());
    const std::string_view body = s_.substr(pos_, end - pos_);
    pos_ = std::min(end + terminator.size(), s_.size());
    return body;
  }
  std::string_view name() {
    const std::size_t start = pos_;
    pos_ = name_end(s_, pos_);
    return s_.substr(start, pos_ - start);
  }

  bool enter_first_div() {
    while (pos_ < s_.size()) {
      if (s_[pos_] != '<') {
        pos_ = std::min(s_.find('<', pos_), s_.size());
      } else if (at("<!--")) {
        until("-->");
      } else if (at("<![CDATA[")) {
        until("]]>");
      } else {
        ++pos_;
        if (local_name(name()) != "div") return false;
        const bool empty = skip_attributes();
        return empty ? (pos_ = s_.size(), true) : true;
      }
    }
    return false;
  }

  // Past the attributes to after '>' or "/>"; true for "/>".
  bool skip_attributes() {
    for (;;) {
      while (pos_ < s_.size() && s_[pos_] != '>' && s_[pos_] != '/' && s_[pos_] != '"' && s_[pos_] != '\'') ++pos_;
      if (pos_ >= s_.size()) return true;
      const char c = s_[pos_++];
      if (c == '>') return false;
      if (c == '/') return ++pos_, true;
      pos_ = std::min(s_.find(c, pos_), s_.size()) + 1;  // a quoted value
    }
  }

  // Nodes up to the end tag of the current element (consumed), or to the end at top level.
  void print_nodes(std::string& out, bool top) {
    std::string scratch;
    while (pos_ < s_.size()) {
      if (s_[pos_] != '<') {
        const std::size_t start = pos_;
        pos_ = std::min(s_.find('<', pos_), s_.size());
        const std::string_view run = s_.substr(start, pos_ - start);
        if (all_space(run)) continue;
        if (run.find('&') == std::string_view::npos) {
          escape(run, false, out);
          continue;
        }
        scratch.clear();
        append_decoded(run, scratch, nullptr);  // its problems were noted when it was read
        escape(scratch, false, out);
      } else if (at("</")) {
        until(">");
        if (!top) return;
      } else if (at("<!--")) {
        until("-->");
      } else if (at("<![CDATA[")) {
        pos_ += 9;
        out += "<![CDATA[";
        out += until("]]>");
        out += "]]>";
      } else {
        print_element(out);
      }
    }
  }

  void print_element(std::string& out) {
    ++pos_;
    const std::string_view element = name();
    out += '<';
    out += element;
    std::string value;
    for (;;) {
      pos_ = space_end(s_, pos_);
      if (pos_ >= s_.size() || s_[pos_] == '>' || s_[pos_] == '/') break;
      const std::string_view attribute = name();
      while (pos_ < s_.size() && s_[pos_] != '"' && s_[pos_] != '\'') ++pos_;  // past '=' and spaces
      const char quote = s_[pos_++];
      const std::size_t end = std::min(s_.find(quote, pos_), s_.size());
      value.clear();
      decode_attribute(s_.substr(pos_, end - pos_), value, nullptr);
      pos_ = end + 1;
      print_attribute(attribute, value, out);
    }
    if (at("/>")) {
      pos_ += 2;
      out += "/>";
      return;
    }
    ++pos_;  // '>'
    out += '>';
    const std::size_t mark = out.size();
    print_nodes(out, false);
    print_end(element, mark, out);
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

class Reader {
 public:
  Reader(std::string_view text, std::string_view head, const HttpContext& http, Feed& feed)
      : doc_(text), head_(head), http_(http), feed_(feed) {}

  void run() {
    skip_misc();
    Tag& root = tag(0);
    read_tag(root);
    const std::size_t bound = push_bindings(root);
    const QName root_name = qualify(root.name);
    if (root_name.local == "rss") {
      feed_.version = rss_version(root.attribute("version").value_or(""), head_);
    } else if (root_name.local == "feed") {
      feed_.version = atom_version(lookup(""), root.attribute("version").value_or(""));
    } else if (root_name.local == "RDF") {
      rdf_ = true;
      rss090_ = lookup("") == kRss090Namespace;
    } else {
      refuse();  // CDF and non-feeds: the DOM reader
    }
    if (root_name.undeclared_prefix) mark_bozo(feed_, "undeclared namespace prefix");
    atom10_ = feed_.version == "atom10";
    item_name_ = is_atom(feed_.version) ? "entry" : "item";
    const Scope root_scope = enter(Scope{http_base(http_), std::nullopt}, root.attribute("xml:base"),
                                   root.attribute("xml:lang"));
    if (root.empty) refuse();
    if (is_atom(feed_.version)) {
      read_container(root, 0, root_scope);
      channel_scope_ = root_scope;
    } else {
      read_root_children(root, root_scope);
      if (!channel_read_) refuse();  // the root serves as channel: left to the DOM reader
    }
    pop_bindings(bound);
    skip_misc();
    if (pos_ != doc_.size()) refuse();
    if (rdf_) feed_.version = rss090_ ? "rss090" : "rss10";
    add_channel(std::move(channel_fields_), channel_scope_, http_, feed_);
    for (Entry& e : root_items_.entries) feed_.entries.push_back(std::move(e));
    feed_.bad_dates += root_items_.bad_dates;
    if (root_items_.bozo) mark_bozo(feed_, root_items_.bozo_message);
  }

  // Entity repair runs before everything else the DOM reader marks, so its reason comes first.
  const std::string& repair_problem() const { return problem_; }

 private:
  // --- tokens ---------------------------------------------------------------------------------

  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < doc_.size() ? doc_[pos_ + ahead] : '\0';
  }
  bool at(std::string_view s) const { return has_at(doc_, pos_, s); }
  void skip_space() {
    pos_ = space_end(doc_, pos_);
  }
  // Moves past the next `terminator`; a document that ends first is the DOM reader's.
  std::string_view skip_past(std::string_view terminator) {
    const std::size_t end = doc_.find(terminator, pos_);
    if (end == std::string_view::npos) refuse();
    const std::string_view skipped = doc_.substr(pos_, end - pos_);
    pos_ = end + terminator.size();
    return skipped;
  }
  std::string_view read_name() {
    const std::size_t start = pos_;
    if (!is_name_start(peek())) refuse();
    pos_ = name_end(doc_, pos_ + 1);
    return doc_.substr(start, pos_ - start);
  }

  // Whitespace, comments and processing instructions before and after the root element.
  void skip_misc() {
    for (;;) {
      skip_space();
      if (at("<!--")) {
        pos_ += 4;
        skip_past("-->");
      } else if (at("<?")) {
        pos_ += 2;
        read_name();
        skip_past("?>");
      } else {
        return;
      }
    }
  }

  // One start tag per depth, reused; a deque, so that the tags of the open elements stay put.
  Tag& tag(std::size_t depth) {
    if (depth >= kMaxDepth) refuse();
    while (tags_.size() <= depth) tags_.emplace_back();
    return tags_[depth];
  }

  // At "<name": the start tag, attribute values decoded as pugixml does (references, and a tab
  // or line feed read as a space).
  void read_tag(Tag& t) {
    const std::string_view d = doc_;
    std::size_t p = pos_;  // a local, kept in a register (see name_end)
    const auto at_p = [&](std::size_t ahead = 0) { return p + ahead < d.size() ? d[p + ahead] : '\0'; };
    const auto name = [&] {
      const std::size_t start = p;
      if (!is_name_start(at_p())) refuse();
      p = name_end(d, p + 1);
      return d.substr(start, p - start);
    };
    if (at_p() != '<') refuse();
    ++p;
    t.name = name();
    t.attributes.clear();
    if (!t.decoded.empty()) t.decoded.clear();
    t.xml_prefixed = false;
    for (;;) {
      const std::size_t before = p;
      p = space_end(d, p);
      if (at_p() == '>') {
        pos_ = p + 1;
        t.empty = false;
        return;
      }
      if (at_p() == '/' && at_p(1) == '>') {
        pos_ = p + 2;
        t.empty = true;
        return;
      }
      if (p == before) refuse();
      const std::string_view attribute = name();
      p = space_end(d, p);
      if (at_p() != '=') refuse();
      p = space_end(d, p + 1);
      const char quote = at_p();
      if (quote != '"' && quote != '\'') refuse();
      const std::size_t stop = find_in_value(d, p + 1, quote);
      if (stop >= d.size() || d[stop] == '<') refuse();
      if (d[stop] == quote) {  // the common case: nothing to decode
        t.attributes.push_back({attribute, d.substr(p + 1, stop - p - 1)});
        p = stop + 1;
      } else {
        const std::size_t end = find_either(d, stop, quote, '<');
        if (end >= d.size() || d[end] == '<') refuse();
        std::string& value = t.decoded.emplace_back();
        decode_attribute(d.substr(p + 1, end - p - 1), value, &problem_);
        t.attributes.push_back({attribute, value});
        p = end + 1;
      }
      t.xml_prefixed = t.xml_prefixed || attribute.starts_with("xml:");
    }
  }

  // --- namespaces -----------------------------------------------------------------------------

  struct Binding {
    std::string_view prefix, uri;
  };

  // The element's xmlns declarations; the first of duplicates wins, so they go on in reverse.
  std::size_t push_bindings(const Tag& t) {
    const std::size_t mark = bindings_.size();
    for (auto a = t.attributes.rbegin(); a != t.attributes.rend(); ++a) {
      if (a->name == "xmlns") bindings_.push_back({"", a->value});
      else if (a->name.starts_with("xmlns:") && a->name.size() > 6) bindings_.push_back({a->name.substr(6), a->value});
    }
    if (bindings_.size() != mark) forget_names();
    return mark;
  }
  void pop_bindings(std::size_t mark) {
    if (bindings_.size() == mark) return;
    bindings_.resize(mark);
    forget_names();
  }
  void forget_names() {
    known_.clear();
    names_.clear();
  }

  std::string_view lookup(std::string_view prefix) const {
    for (auto b = bindings_.rbegin(); b != bindings_.rend(); ++b) {
      if (b->prefix == prefix) return b->uri;
    }
    return {};
  }

  // As qualify_with(); the namespace found for each prefix is remembered until the bindings
  // change (below the channel they seldom do).
  QName qualify(std::string_view name) {
    std::size_t colon = 0;
    while (colon < name.size() && name[colon] != ':') ++colon;
    const std::string_view prefix = colon == name.size() ? std::string_view() : name.substr(0, colon);
    for (const auto& [cached_prefix, q] : known_) {
      if (!same(cached_prefix, prefix)) continue;
      QName out = q;
      out.local = colon == name.size() ? name : name.substr(colon + 1);
      return out;
    }
    const QName q = qualify_with(name, prefix == "xml" ? "" : lookup(prefix));
    known_.emplace_back(prefix, q);
    return q;
  }

  // A child element's name qualified, with the field rule for it (nullptr: none). Remembered
  // by the name as written until the bindings change; the name after the last one asked for is
  // tried first, as items repeat their fields in one order.
  struct Named {
    std::string_view raw;
    QName q;
    const FieldRule* rule = nullptr;
  };
  Named named(std::string_view raw) {
    const std::size_t n = names_.size();
    for (std::size_t k = 0, i = last_name_; k < n; ++k) {
      if (++i >= n) i = 0;
      if (!same(names_[i].raw, raw)) continue;
      last_name_ = i;
      return names_[i];
    }
    const QName q = qualify(raw);
    last_name_ = names_.size();
    return names_.emplace_back(Named{raw, q, field_rule(q)});
  }

  // rdf:about as attribute(node, "about", Ns::kRdf) finds it.
  std::string_view rdf_about(const Tag& t) const {
    for (const auto& a : t.attributes) {
      const std::size_t colon = a.name.find(':');
      if (colon == std::string_view::npos) {
        if (a.name == "about") return a.value;
        continue;
      }
      if (a.name.substr(colon + 1) == "about" &&
          namespace_kind(lookup(a.name.substr(0, colon)), true) == Ns::kRdf) {
        return a.value;
      }
    }
    return {};
  }

  // --- structure ------------------------------------------------------------------------------

  // The scope inside `t`: `outer` itself unless t has xml:base or xml:lang, when it is made in
  // `inner` (most elements have neither, and copying a scope costs an allocation).
  static const Scope& scope_inside(const Scope& outer, const Tag& t, std::optional<Scope>& inner) {
    if (!t.xml_prefixed) return outer;
    const auto base = t.attribute("xml:base"), lang = t.attribute("xml:lang");
    if (!base && !lang) return outer;
    return inner.emplace(enter(outer, base, lang));
  }

  // RSS and RDF: the (first) channel, items beside it, anything else skipped.
  void read_root_children(const Tag& root, const Scope& root_scope) {
    for (;;) {
      Tag* child = next_child(root.name, 0, nullptr);
      if (child == nullptr) return;
      const std::size_t bound = push_bindings(*child);
      const QName q = qualify(child->name);
      if (q.local == "channel") {
        const std::size_t colon = child->name.find(':');
        if (lookup(colon == std::string_view::npos ? "" : child->name.substr(0, colon)) == kRss090Namespace) {
          rss090_ = true;
        }
      }
      if (q.local == "channel" && !channel_read_) {
        channel_read_ = true;
        std::optional<Scope> inner;
        channel_scope_ = scope_inside(root_scope, *child, inner);
        if (!child->empty) read_container(*child, 1, channel_scope_);
      } else if (q.local == item_name_) {
        read_item(*child, 1, root_scope, root_items_);
      } else {
        skip_element(*child, 1);
      }
      pop_bindings(bound);
    }
  }

  // The children of the channel (or Atom feed): its fields, and its items.
  void read_container(const Tag& container, std::size_t depth, const Scope& scope) {
    channel_fields_.lists = false;
    for (;;) {
      Tag* child = next_child(container.name, depth, nullptr);
      if (child == nullptr) return;
      const std::size_t bound = push_bindings(*child);
      const Named name = named(child->name);
      channel_fields_.undeclared_prefix = channel_fields_.undeclared_prefix || name.q.undeclared_prefix;
      if (name.q.local == item_name_) {
        read_item(*child, depth + 1, scope, feed_);
      } else {
        read_field(*child, name.rule, depth + 1, scope, channel_fields_);
      }
      pop_bindings(bound);
    }
  }

  void read_item(const Tag& item, std::size_t depth, const Scope& parent_scope, Feed& into) {
    std::optional<Scope> inner;
    const Scope& item_scope = scope_inside(parent_scope, item, inner);
    const std::string_view about = rdf_about(item);
    Fields f;
    f.lists = false;
    while (!item.empty) {
      Tag* child = next_child(item.name, depth, nullptr);
      if (child == nullptr) break;
      const std::size_t bound = push_bindings(*child);
      const Named name = named(child->name);
      f.undeclared_prefix = f.undeclared_prefix || name.q.undeclared_prefix;
      read_field(*child, name.rule, depth + 1, item_scope, f);
      pop_bindings(bound);
    }
    add_entry(std::move(f), about, item_scope, into);
  }

  // A child of the channel or an item: given to its field rule, or skipped.
  void read_field(const Tag& t, const FieldRule* rule, std::size_t depth, const Scope& scope, Fields& f) {
    if (rule == nullptr) return skip_element(t, depth);
    StreamElement& e = element_;
    e.attributes = t.attributes;
    e.chars.clear();
    e.chars_taken = false;
    e.has_children = e.has_name = e.has_email = false;
    e.unsupported = false;
    e.content = {};
    e.printed.reset();
    // A construct of type="xhtml" is its markup, printed as it is read: no character data (its
    // rule reads no <name> or <email> child either).
    e.chars_kept = !(is_text_construct(*rule) && is_xhtml_construct(t));
    if (!t.empty) {
      const std::size_t start = pos_;
      if (e.chars_kept) {
        read_content(t.name, depth, &e.chars, nullptr, &e);
      } else {
        printed_.clear();  // printed in a buffer that keeps its room, then copied once at its size
        e.has_children = read_xhtml(t, depth, printed_);
        e.printed.emplace(printed_);
      }
      e.content = doc_.substr(start, doc_.rfind('<', pos_ - 1) - start);  // up to its end tag
    }
    std::optional<Scope> inner;
    apply_field(*rule, e, scope_inside(scope, t, inner), atom10_, f);
    if (e.unsupported) refuse();
  }

  // type="xhtml" (any case), and no mode that reads the content as text (as in value()).
  static bool is_xhtml_construct(const Tag& t) {
    const auto type = t.attribute("type"), mode = t.attribute("mode");
    if (!type || !iequals(*type, "xhtml")) return false;
    return !mode || (!iequals(*mode, "base64") && !iequals(*mode, "escaped"));
  }

  void skip_element(const Tag& t, std::size_t depth) {
    if (!t.empty) read_content(t.name, depth, nullptr, nullptr, nullptr);
  }

  // Reads up to the end tag of `parent` (whose start tag was read), returning its next child
  // element's start tag, or nullptr at the end tag. Character data goes to `chars` (when not
  // null) as pugixml makes nodes of it: whitespace-only runs between markup are dropped.
  // With `printed`, the character data is printed there instead, as MarkupPrinter prints it.
  Tag* next_child(std::string_view parent, std::size_t depth, std::string* chars, std::string* printed = nullptr) {
    for (;;) {
      if (pos_ >= doc_.size()) refuse();  // truncated
      if (doc_[pos_] != '<') {
        if (printed == nullptr) {
          read_text(chars);
          continue;
        }
        text_.clear();
        read_text(&text_);
        escape(text_, false, *printed);
        continue;
      }
      if (peek(1) == '/') {
        pos_ += 2;
        if (!same(read_name(), parent)) refuse();
        skip_space();
        if (peek() != '>') refuse();
        ++pos_;
        return nullptr;
      }
      if (peek(1) == '!' && peek(2) == '-' && at("<!--")) {
        pos_ += 4;
        skip_past("-->");
      } else if (peek(1) == '!' && peek(2) == '[' && at("<![CDATA[")) {
        pos_ += 9;
        const std::string_view data = skip_past("]]>");
        if (chars != nullptr && chars->empty()) chars->reserve(data.size());
        if (chars != nullptr) chars->append(data);
        if (printed != nullptr) printed->append("<![CDATA[").append(data).append("]]>");
      } else if (peek(1) == '!' || peek(1) == '?') {
        refuse();
      } else {
        Tag& child = tag(depth + 1);
        read_tag(child);
        return &child;
      }
    }
  }

  // A run of character data, up to the next '<', to `chars` (when not null) with its references
  // decoded; a run of whitespace only is no node, and is dropped. One scan for '<' and '&'.
  void read_text(std::string* chars) {
    std::size_t stop = find_either(doc_, pos_, '<', '&');
    if (stop >= doc_.size()) refuse();  // truncated
    if (doc_[stop] == '<') {  // no reference: the common case
      const std::string_view run = doc_.substr(pos_, stop - pos_);
      pos_ = stop;
      if (chars == nullptr || all_space(run)) return;
      if (chars->empty()) chars->reserve(run.size());  // most often the only run: one allocation
      chars->append(run);
      return;
    }
    const std::size_t end = doc_.find('<', stop);  // a reference never reaches past it
    if (end == std::string_view::npos) refuse();
    if (chars == nullptr) {  // not kept, its references still count as entity repair would count them
      while (stop < end) stop = find_either(doc_, read_reference(doc_, stop, &problem_).next, '&', '<');
      pos_ = end;
      return;
    }
    // Decoded straight into the string, sized for the run as written (never shorter than what
    // it decodes to) and sixteen bytes more: the text between references is copied sixteen
    // bytes at a time.
    std::string& out = *chars;
    const std::size_t old = out.size();
    out.resize(old + (end - pos_) + 16);
    char* o = out.data() + old;
    std::size_t i = pos_;
    for (;;) {
#if defined(__SSE2__)
      const __m128i amp = _mm_set1_epi8('&');
      while (end - i >= 16) {
        const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(doc_.data() + i));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(o), block);
        const int mask = _mm_movemask_epi8(_mm_cmpeq_epi8(block, amp));
        if (mask != 0) {
          const auto k = static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(mask)));
          i += k, o += k;
          break;
        }
        i += 16, o += 16;
      }
#endif
      while (i < end && doc_[i] != '&') *o++ = doc_[i++];
      if (i == end) break;
      const Reference r = read_reference(doc_, i, &problem_);
      o = write_reference(r, o);
      i = r.next;
    }
    out.resize(static_cast<std::size_t>(o - out.data()));
    pos_ = end;
  }

  // The content of a type="xhtml" construct `t`, read as read_content reads it and printed as
  // print_markup(content, true) would print it afterwards: the children of its first child
  // element when that is a <div>, else all of its nodes.
  // Returns whether it has a child element.
  bool read_xhtml(const Tag& t, std::size_t depth, std::string& out) {
    std::string lead;  // nodes before the first element: printed only if it is no <div>
    Tag* first = next_child(t.name, depth, nullptr, &lead);
    if (first == nullptr) {
      out.append(lead);
      return false;
    }
    if (same(local_name(first->name), "div")) {
      if (!first->empty) print_content(first->name, depth + 1, out);
      read_content(t.name, depth, nullptr, nullptr, nullptr);  // the rest is read, not printed
      return true;
    }
    out.append(lead);
    print_element(*first, depth + 1, out);
    print_content(t.name, depth, out);
    return true;
  }

  // The nodes of an element down to its end tag, printed (see read_xhtml).
  void print_content(std::string_view name, std::size_t depth, std::string& out) {
    while (Tag* child = next_child(name, depth, nullptr, &out)) print_element(*child, depth + 1, out);
  }

  // An element whose start tag `t` was just read, at `depth`.
  void print_element(const Tag& t, std::size_t depth, std::string& out) {
    out += '<';
    out += t.name;
    for (const auto& a : t.attributes) print_attribute(a.name, a.value, out);
    if (t.empty) {
      out += "/>";
      return;
    }
    out += '>';
    const std::size_t mark = out.size();
    print_content(t.name, depth, out);
    print_end(t.name, mark, out);
  }

  // The content of an element down to its end tag: character data of it and its descendants
  // to `chars` and `also`; for a field element (`field`), its <name> and <email> children.
  void read_content(std::string_view name, std::size_t depth, std::string* chars, std::string* also,
                    StreamElement* field) {
    for (;;) {
      const std::size_t before = chars != nullptr ? chars->size() : 0;
      Tag* child = next_child(name, depth, chars);
      if (also != nullptr && chars != nullptr) also->append(*chars, before);
      if (child == nullptr) return;
      std::string* collect = also;
      if (field != nullptr) {
        field->has_children = true;
        const std::string_view local = local_name(child->name);
        if (same(local, "name") || same(local, "email")) {
          const bool is_name = same(local, "name");
          (is_name ? field->has_name : field->has_email) = true;
          collect = is_name ? &field->name_chars : &field->email_chars;
          collect->clear();
        }
      }
      if (!child->empty) read_content(child->name, depth + 1, chars, collect, nullptr);
    }
  }

  std::string_view doc_, head_;
  const HttpContext& http_;
  Feed& feed_;
  std::size_t pos_ = 0;
  std::deque<Tag> tags_;
  std::vector<Binding> bindings_;
  std::vector<std::pair<std::string_view, QName>> known_;  // prefix -> namespace, see qualify()
  std::vector<Named> names_;  // see named()
  std::size_t last_name_ = 0;
  std::string problem_;  // the first reason entity repair would give, if any
  std::string text_, printed_;
  StreamElement element_;
  std::string_view item_name_;
  bool atom10_ = false, rdf_ = false, rss090_ = false, channel_read_ = false;
  Fields channel_fields_;
  Scope channel_scope_;
  Feed root_items_;  // items beside the channel: they follow the channel's items
};

}  // namespace

std::string print_markup(std::string_view content, bool strip_div) { return MarkupPrinter(content).print(strip_div); }

bool read_stream(std::string_view text, std::string_view head, const HttpContext& http, Feed& feed) {
  // A cheap check first for what is certainly the DOM reader's: CR (line ends to normalise) and
  // NUL (where pugixml stops reading).
  if (find_either(text, 0, '\r', '\0') < text.size()) return false;
  Feed out = feed;
  try {
    Reader reader(text, head, http, out);
    reader.run();
    if (!reader.repair_problem().empty() && !feed.bozo) {
      out.bozo = true;
      out.bozo_message = reader.repair_problem();
    }
  } catch (const Unsupported&) {
    return false;
  }
  feed = std::move(out);
  return true;
}

}  // namespace parse
