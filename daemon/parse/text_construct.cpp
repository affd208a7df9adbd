#include "parse/text_construct.h"

#include "parse/element.h"
#include "parse/text_util.h"
#include "parse/xml_names.h"

namespace parse {
namespace {

class StringWriter : public pugi::xml_writer {
 public:
  explicit StringWriter(std::string& out) : out_(out) {}
  void write(const void* data, std::size_t size) override {
    out_.append(static_cast<const char*>(data), size);
  }

 private:
  std::string& out_;
};

bool has_element_child(const pugi::xml_node& node) {
  for (const pugi::xml_node& c : node.children()) {
    if (c.type() == pugi::node_element) return true;
  }
  return false;
}

// Inline markup as written. For Atom 1.0 type="xhtml" the wrapping <div> is not part of it.
std::string serialize_children(const pugi::xml_node& node, bool strip_div) {
  pugi::xml_node parent = node;
  if (strip_div) {
    const pugi::xml_node div = node.find_child([](const pugi::xml_node& c) {
      return c.type() == pugi::node_element;
    });
    if (div && local_name(div.name()) == "div") parent = div;
  }
  std::string out;
  StringWriter writer(out);
  for (const pugi::xml_node& c : parent.children()) {
    c.print(writer, "", pugi::format_raw);
  }
  return out;
}

std::string text_of(const pugi::xml_node& node) {
  std::string scratch;
  const std::string_view text = text_view(node, scratch);
  return text.data() == scratch.data() ? std::move(scratch) : std::string(text);
}

bool is_html_type(std::string_view type) { return type == "html" || type == "text/html"; }
bool is_plain_type(std::string_view type) {
  return type.empty() || type == "text" || type == "text/plain";
}
bool is_xml_type(std::string_view type) {
  return type.size() >= 3 && (type.substr(type.size() - 3) == "xml");
}

// The type and mode attributes in no namespace (prefixed ones are another vocabulary's).
ConstructAttrs construct_attrs(const pugi::xml_node& node) {
  ConstructAttrs out;
  bool type = false, mode = false;  // the first of duplicates counts
  for (const pugi::xml_attribute& a : node.attributes()) {
    const std::string_view name = a.name();
    if (name == "type" && !type) out.type = to_lower(a.value()), type = true;
    if (name == "mode" && !mode) out.mode = to_lower(a.value()), mode = true;
  }
  return out;
}

std::string construct_value(const pugi::xml_node& node, bool strip_div) {
  if (!node.first_attribute()) {  // the common case: plain text, or escaped HTML in RSS
    return has_element_child(node) ? serialize_children(node, false) : text_of(node);
  }
  const ConstructAttrs attrs = construct_attrs(node);
  const std::string& type = attrs.type;
  const std::string& mode = attrs.mode;
  if (mode != "base64" && mode != "escaped" && !is_html_type(type)) {
    if (type == "xhtml") return serialize_children(node, true);
    const bool inline_markup = has_element_child(node);
    if (inline_markup && (is_plain_type(type) || is_xml_type(type) || mode == "xml")) {
      return serialize_children(node, strip_div && is_xml_type(type));
    }
  }
  return *character_construct(text_of(node), attrs);
}

}  // namespace

std::optional<std::string> character_construct(std::string text, const ConstructAttrs& attrs) {
  const std::string& type = attrs.type;
  const std::string& mode = attrs.mode;
  if (mode == "base64") return decode_base64(text);
  if (mode == "escaped" || is_html_type(type)) return text;
  if (type == "xhtml") return std::nullopt;
  if (is_plain_type(type) || is_xml_type(type) || mode == "xml") return text;
  if (type.rfind("text/", 0) == 0) return text;
  return decode_base64(text);  // Atom 1.0: other media types are base64
}

namespace {

// windows-1252 characters for the C1 range 0x80-0x9F (0 = undefined there, kept as is).
constexpr char16_t kCp1252C1[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

}  // namespace

// Iterative depth-first walk: hostile nesting depth must not exhaust the stack.
void append_text(const pugi::xml_node& node, std::string& out) {
  pugi::xml_node c = node.first_child();
  while (c) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
      out += c.value();
    } else if (c.type() == pugi::node_element && c.first_child()) {
      c = c.first_child();
      continue;
    }
    while (!c.next_sibling() && c.parent() != node) c = c.parent();
    c = c.next_sibling();
  }
}

std::string_view text_view(const pugi::xml_node& node, std::string& scratch) {
  const pugi::xml_node first = node.first_child();
  if (!first) return {};
  const pugi::xml_node_type type = first.type();
  if (!first.next_sibling() && (type == pugi::node_pcdata || type == pugi::node_cdata)) {
    return first.value();
  }
  scratch.clear();
  append_text(node, scratch);
  return scratch;
}

namespace {

// The next "\xC2 xx" at or after `pos` where xx is a C1 control with a windows-1252 meaning.
std::size_t find_c1(std::string_view t, std::size_t pos) {
  for (pos = t.find('\xC2', pos); pos != std::string_view::npos; pos = t.find('\xC2', pos + 1)) {
    const auto next = pos + 1 < t.size() ? static_cast<unsigned char>(t[pos + 1]) : 0;
    if (next >= 0x80 && next <= 0x9F && kCp1252C1[next - 0x80] != 0) return pos;
  }
  return std::string_view::npos;
}

}  // namespace

std::string clean_copy(std::string_view text) {
  const std::string_view t = trim(text);
  std::size_t c1 = find_c1(t, 0);
  if (c1 == std::string_view::npos) return std::string(t);
  std::string out;
  out.reserve(t.size() + 8);
  std::size_t copied = 0;
  for (; c1 != std::string_view::npos; c1 = find_c1(t, copied)) {
    out.append(t.substr(copied, c1 - copied));
    append_utf8(out, kCp1252C1[static_cast<unsigned char>(t[c1 + 1]) - 0x80]);
    copied = c1 + 2;
  }
  out.append(t.substr(copied));
  return out;
}

// In place: the common trailing newline of a description costs no second copy of the text.
void clean_text(std::string& s) {
  const std::string_view t = trim(s);
  const std::size_t lead = static_cast<std::size_t>(t.data() - s.data()), size = t.size();
  s.resize(lead + size);
  s.erase(0, lead);
  if (find_c1(s, 0) != std::string_view::npos) s = clean_copy(s);
}

std::string decode_base64(std::string_view in) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : in) {
    int v = -1;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+' || c == '-') v = 62;
    else if (c == '/' || c == '_') v = 63;
    if (v < 0) continue;
    buffer = (buffer << 6) | static_cast<unsigned>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

// As element_value() over the DOM, for what the stream reader kept of an element.
std::string StreamElement::value(Flavor flavor) const {
  const bool construct = flavor != Flavor::kText;
  const auto markup = [&](bool strip_div) {
    std::string value = strip_div && printed ? std::move(*printed) : print_markup(content, strip_div);
    if (strip_div) printed.reset();
    clean_text(value);
    return value;
  };
  // The character data, moved out once (no copy); asked again, or not kept, it is unsupported.
  const auto take_chars = [&]() -> std::optional<std::string> {
    if (chars_taken || !chars_kept) {
      unsupported = true;
      return std::nullopt;
    }
    chars_taken = true;
    return std::move(chars);
  };
  if (!construct || !has_attributes()) {
    if (construct && has_children) return markup(false);
    std::optional<std::string> value = take_chars();
    if (!value) return {};
    clean_text(*value);  // in place
    return std::move(*value);
  }
  ConstructAttrs attrs;
  bool type = false, mode = false;  // the first of duplicates counts
  for (const Attribute& a : attributes) {
    if (a.name == "type" && !type) attrs.type = to_lower(a.value), type = true;
    if (a.name == "mode" && !mode) attrs.mode = to_lower(a.value), mode = true;
  }
  if (attrs.mode != "base64" && attrs.mode != "escaped" && !is_html_type(attrs.type)) {
    if (attrs.type == "xhtml") return markup(true);
    const bool markup_kept = is_plain_type(attrs.type) || is_xml_type(attrs.type) || attrs.mode == "xml";
    if (has_children && markup_kept) return markup(flavor == Flavor::kAtom10Construct && is_xml_type(attrs.type));
  }
  std::optional<std::string> text = take_chars();
  if (!text) return {};
  std::string value = *character_construct(std::move(*text), attrs);
  clean_text(value);
  return value;
}

std::string element_value(const pugi::xml_node& node, Flavor flavor) {
  const pugi::xml_node first = node.first_child();
  const bool one_text = first && !first.next_sibling() &&
                        (first.type() == pugi::node_pcdata || first.type() == pugi::node_cdata);
  // One text child and no type/mode attribute: plain text in every flavour, the common case.
  if (one_text && (flavor == Flavor::kText || !node.first_attribute())) return clean_copy(first.value());
  if (flavor == Flavor::kText) {
    std::string scratch;
    return clean_copy(text_view(node, scratch));
  }
  std::string value = construct_value(node, flavor == Flavor::kAtom10Construct);
  clean_text(value);
  return value;
}

}  // namespace parse
