// Internal: a feed element as the field readers (fields.cpp) see it. Two readers make them:
// DomElement wraps a node of pugixml's DOM; StreamElement is what the one-pass reader
// (stream_reader.cpp) kept of an element. For the same XML both answer alike, so one set of
// field rules serves both readers.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "parse/text_construct.h"

namespace parse {

/// An element of pugixml's DOM.
class DomElement {
 public:
  explicit DomElement(const pugi::xml_node& node) : node_(node) {}

  const pugi::xml_node& node() const { return node_; }
  bool has_attributes() const { return static_cast<bool>(node_.first_attribute()); }
  template <typename Visit>
  void for_each_attribute(Visit&& visit) const {
    for (pugi::xml_attribute a = node_.first_attribute(); a; a = a.next_attribute()) visit(a.name(), a.value());
  }
  /// element_value(): entities decoded, markup serialised, whitespace trimmed, C1 mapped.
  std::string value(Flavor flavor) const { return element_value(node_, flavor); }
  /// The character data of the element and its descendants (a view when it can be one).
  std::string_view text(std::string& scratch) const { return text_view(node_, scratch); }
  /// The values (kText) of its last <name> and <email> children in any namespace, or "".
  void person_parts(std::string& name, std::string& email) const;

 private:
  pugi::xml_node node_;
};

/// pugixml's print(format_raw) of the nodes of `content` (XML the stream reader has checked),
/// or, with strip_div, of the children of its first element when that is a <div>.
std::string print_markup(std::string_view content, bool strip_div);

/// An element as the stream reader saw it: its attributes, the character data of it and its
/// descendants (decoded, in document order), its content as written (for inline markup) and,
/// for a person construct, the character data of its last <name> and <email> children. What
/// it cannot give as the DOM reader would (<media:group>) sets `unsupported`, and the caller
/// falls back to the DOM reader.
struct StreamElement {
  struct Attribute {
    std::string_view name, value;
  };
  std::span<const Attribute> attributes;  ///< the reader's, valid while the element is read
  /// Moved out by the first value() that returns it as it is; a second such value() is
  /// unsupported (the field rules ask once).
  mutable std::string chars;
  bool chars_kept = true;  ///< false: not collected, its value being its markup (type="xhtml")
  mutable bool chars_taken = false;
  std::string_view content;
  /// print_markup(content, true), when the reader printed it as it read (type="xhtml"); moved
  /// out by the value() that returns it.
  mutable std::optional<std::string> printed;
  bool has_children = false;
  bool has_name = false, has_email = false;
  std::string name_chars, email_chars;
  mutable bool unsupported = false;

  bool has_attributes() const { return !attributes.empty(); }
  template <typename Visit>
  void for_each_attribute(Visit&& visit) const {
    for (const Attribute& a : attributes) visit(a.name, a.value);
  }
  std::string value(Flavor flavor) const;
  std::string_view text(std::string&) const { return chars; }
  void person_parts(std::string& name, std::string& email) const;
};

/// The value of the first attribute named exactly `name` (so in no namespace), or "".
template <typename Element>
std::string_view attribute_value(const Element& element, std::string_view name, bool* found = nullptr) {
  std::string_view value;
  bool seen = false;
  element.for_each_attribute([&](std::string_view n, std::string_view v) {
    if (seen || n != name) return;
    value = v;
    seen = true;
  });
  if (found != nullptr) *found = seen;
  return value;
}

/// The values of the attributes named in `names` (in no namespace; the first of duplicates
/// counts), read in one pass over the element's attributes.
template <std::size_t N>
struct Attrs {
  std::array<std::string_view, N> value{};
  std::array<bool, N> found{};

  template <typename Element>
  Attrs(const Element& element, const std::array<std::string_view, N>& names) {
    element.for_each_attribute([&](std::string_view name, std::string_view v) {
      for (std::size_t i = 0; i < N; ++i) {
        if (found[i] || name != names[i]) continue;
        value[i] = v;
        found[i] = true;
      }
    });
  }
};

}  // namespace parse
