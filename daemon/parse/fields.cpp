#include "parse/fields.h"

#include <array>
#include <cstdint>
#include <type_traits>

#include "parse/element.h"
#include "parse/text_construct.h"
#include "parse/text_util.h"
#include "parse/url.h"
#include "parse/xml_names.h"

namespace parse {

enum class Kind {
  kTitle, kLink, kSummary, kRssSummary, kContent, kId, kGuid, kAuthor, kPublished, kUpdated,
  kCategory, kLanguage, kEnclosure, kMediaContent, kMediaThumbnail, kMediaDescription, kMediaGroup,
  kTtl
};

struct FieldRule {
  Ns ns;
  std::string_view local;
  Kind kind;
};
using Rule = FieldRule;

namespace {

// Sorted by local name, then namespace (find_rule indexes them by first letter).
constexpr std::array<Rule, 39> kRules{{
    {Ns::kFeed, "abstract", Kind::kSummary},     {Ns::kFeed, "author", Kind::kAuthor},
    {Ns::kDc, "author", Kind::kAuthor},          {Ns::kFeed, "body", Kind::kContent},
    {Ns::kXhtml, "body", Kind::kContent},        {Ns::kFeed, "category", Kind::kCategory},
    {Ns::kFeed, "content", Kind::kContent},      {Ns::kMedia, "content", Kind::kMediaContent},
    {Ns::kDc, "creator", Kind::kAuthor},
    {Ns::kDc, "date", Kind::kUpdated},           {Ns::kFeed, "description", Kind::kSummary},
    {Ns::kDc, "description", Kind::kSummary},    {Ns::kMedia, "description", Kind::kMediaDescription},
    {Ns::kFeed, "enclosure", Kind::kEnclosure},
    {Ns::kContent, "encoded", Kind::kContent},   {Ns::kFeed, "fullitem", Kind::kContent},
    {Ns::kMedia, "group", Kind::kMediaGroup},
    {Ns::kFeed, "guid", Kind::kGuid},            {Ns::kFeed, "id", Kind::kId},
    {Ns::kFeed, "issued", Kind::kPublished},     {Ns::kDcTerms, "issued", Kind::kPublished},
    {Ns::kFeed, "language", Kind::kLanguage},    {Ns::kDc, "language", Kind::kLanguage},
    {Ns::kFeed, "lastBuildDate", Kind::kUpdated}, {Ns::kFeed, "link", Kind::kLink},
    {Ns::kFeed, "managingEditor", Kind::kAuthor}, {Ns::kFeed, "modified", Kind::kUpdated},
    {Ns::kDcTerms, "modified", Kind::kUpdated},  {Ns::kFeed, "pubDate", Kind::kPublished},
    {Ns::kFeed, "published", Kind::kPublished},  {Ns::kDc, "subject", Kind::kCategory},
    {Ns::kFeed, "subtitle", Kind::kSummary},     {Ns::kFeed, "summary", Kind::kRssSummary},
    {Ns::kFeed, "tagline", Kind::kSummary},      {Ns::kMedia, "thumbnail", Kind::kMediaThumbnail},
    {Ns::kFeed, "title", Kind::kTitle},
    {Ns::kDc, "title", Kind::kTitle},            {Ns::kFeed, "ttl", Kind::kTtl},
    {Ns::kFeed, "updated", Kind::kUpdated},
}};

constexpr bool rules_sorted() {
  for (std::size_t i = 1; i < kRules.size(); ++i) {
    const Rule& a = kRules[i - 1];
    const Rule& b = kRules[i];
    if (a.local > b.local || (a.local == b.local && !(a.ns < b.ns))) return false;
  }
  return true;
}
static_assert(rules_sorted(), "kRules must be sorted by local name, then namespace");

// For each first letter, where its rules start in kRules (rules of letter c: [start[c], start[c+1])).
constexpr std::array<std::uint8_t, 129> kRuleStart = [] {
  std::array<std::uint8_t, 129> start{};
  std::size_t r = 0;
  for (std::size_t c = 0; c <= 128; ++c) {
    while (r < kRules.size() && static_cast<unsigned char>(kRules[r].local.front()) < c) ++r;
    start[c] = static_cast<std::uint8_t>(r);
  }
  return start;
}();

// Called for every child element: a few rules share a first letter, so a short scan of those
// beats a binary search over all of them.
const Rule* find_rule(const QName& q) {
  if (q.local.empty()) return nullptr;
  const auto c = static_cast<unsigned char>(q.local.front());
  if (c >= 128) return nullptr;
  for (std::size_t r = kRuleStart[c]; r < kRuleStart[c + 1]; ++r) {
    if (kRules[r].ns == q.ns && same(kRules[r].local, q.local)) return &kRules[r];
  }
  return nullptr;
}

Flavor construct(bool atom10) { return atom10 ? Flavor::kAtom10Construct : Flavor::kConstruct; }

void set_first(std::string& field, std::string value) {
  if (field.empty()) field = std::move(value);
}

template <typename Element>
std::string attr(const Element& element, std::string_view name) {
  return clean_copy(attribute_value(element, name));
}

// `ref` (already trimmed) against the scope's base; absolute references are kept, not copied.
std::string resolved(const Scope& scope, std::string ref) {
  if (scope.base.empty() || has_url_scheme(ref)) return ref;
  return resolve_url(scope.base, ref);
}

// Atom <link href rel type> (some feeds put the URL in the content instead of href).
template <typename Element>
void read_atom_link(const Element& node, const Attrs<4>& a, const Scope& scope, bool atom10, Fields& f) {
  enum { kHref, kRel, kType, kLength };
  std::string rel = clean_copy(a.value[kRel]);
  if (rel.empty()) rel = "alternate";
  if (!f.lists && (rel != "alternate" || !f.link.empty())) return;  // only the entry's link is kept
  std::string href =
      resolved(scope, a.found[kHref] ? clean_copy(a.value[kHref]) : node.value(Flavor::kText));
  if (!f.lists) {
    f.link = std::move(href);
    return;
  }
  Link link{std::move(href), std::move(rel), clean_copy(a.value[kType])};
  if (atom10 && link.rel == "self" && link.type.empty()) link.type = "application/atom+xml";
  if (link.rel == "enclosure") {
    f.enclosures.push_back({link.href, link.type, clean_copy(a.value[kLength])});
  }
  if (link.rel == "alternate") set_first(f.link, link.href);
  f.links.push_back(std::move(link));
}

template <typename Element>
void read_link(const Element& node, const Scope& scope, bool atom10, Fields& f) {
  const Attrs<4> attrs(node, {"href", "rel", "type", "length"});
  if (attrs.found[0] || attrs.found[1]) return read_atom_link(node, attrs, scope, atom10, f);
  if (!f.lists && !f.link.empty()) return;  // only the first link is kept
  std::string href = resolved(scope, node.value(Flavor::kText));
  if (href.empty()) return;
  if (!f.lists) {
    f.link = std::move(href);
    return;
  }
  set_first(f.link, href);
  f.links.push_back({std::move(href), "alternate", "text/html"});
}

template <typename Element>
void read_enclosure(const Element& node, const Scope& scope, Fields& f) {
  if (!f.lists) return;
  Enclosure e{resolved(scope, attr(node, "url")), attr(node, "type"), attr(node, "length")};
  f.links.push_back({e.href, "enclosure", e.type});
  f.enclosures.push_back(std::move(e));
}

// Atom person construct: "name (email)"; RSS/DC: the text as written.
template <typename Element>
std::string person(const Element& node) {
  std::string name, email;
  node.person_parts(name, email);
  if (name.empty() && email.empty()) return node.value(Flavor::kText);
  if (name.empty()) return email;
  if (email.empty()) return name;
  name.reserve(name.size() + email.size() + 3);  // one allocation for "name (email)"
  return name.append(" (").append(email).append(")");
}

template <typename Element>
void read_guid(const Element& node, Fields& f) {
  std::string guid = node.value(Flavor::kText);
  // A permalink guid is the entry's link only where it has no <link>: with one read already
  // (RSS writes <link> first), no copy is kept.
  if (f.link.empty() && trim(attribute_value(node, "isPermaLink")) != "false") set_first(f.guid_link, guid);
  set_first(f.id, std::move(guid));
}

template <typename Element>
void read_id(const Element& node, const Scope& scope, Fields& f) {
  std::string id = node.value(Flavor::kText);
  if (!id.empty() && !has_url_scheme(id)) id = resolve_url(scope.base, id);
  set_first(f.id, std::move(id));
}

template <typename Element>
void read_category(const Element& node, Fields& f) {
  bool has_term = false;
  const std::string_view term_attr = attribute_value(node, "term", &has_term);
  std::string term = has_term ? clean_copy(term_attr) : node.value(Flavor::kText);
  if (!term.empty()) f.tags.push_back(std::move(term));
}

template <typename Element>
void read_summary(const Element& node, bool rss_summary, bool atom10, Fields& f) {
  std::string value = node.value(construct(atom10));
  if (rss_summary && f.summary_from_description) return set_first(f.content, std::move(value));
  if (!f.summary.empty()) return;
  f.summary = std::move(value);
  f.summary_from_description = !rss_summary;
}

// One pass over the attributes (in no namespace; the first of duplicates counts).
template <typename Element>
Media media_object(const Element& node, const Scope& scope) {
  const Attrs<5> a(node, {"url", "type", "medium", "width", "height"});
  return {resolved(scope, clean_copy(a.value[0])), clean_copy(a.value[1]), clean_copy(a.value[2]),
          clean_copy(a.value[3]), clean_copy(a.value[4])};
}

template <typename Element>
std::optional<core::UnixSeconds> read_date(const Element& node, Fields& f) {
  std::string scratch, cleaned;
  std::string_view text = trim(node.text(scratch));
  if (text.find('\xC2') != std::string_view::npos) text = cleaned = clean_copy(text);  // rare
  std::optional<core::UnixSeconds> t = parse_date(text);
  if (!t && !text.empty()) ++f.bad_dates;
  return t;
}

// RSS <ttl>: minutes; anything but a positive whole number is ignored.
template <typename Element>
std::optional<std::int64_t> read_ttl(const Element& node) {
  std::string scratch;
  const std::string_view text = trim(node.text(scratch));
  constexpr std::size_t kMaxDigits = 12;  // 10^12 minutes: far beyond any schedule, no overflow
  if (text.empty() || text.size() > kMaxDigits) return std::nullopt;
  std::int64_t minutes = 0;
  for (const char c : text) {
    if (!is_digit(c)) return std::nullopt;
    minutes = minutes * 10 + (c - '0');
  }
  if (minutes <= 0) return std::nullopt;
  return minutes * 60;
}

void read_media_group(const pugi::xml_node& group, const Scope& scope, Fields& f);

template <typename Element>
void apply(Kind kind, const Element& node, const Scope& scope, bool atom10, Fields& f) {
  switch (kind) {
    case Kind::kTitle: return set_first(f.title, node.value(construct(atom10)));
    case Kind::kLink: return read_link(node, scope, atom10, f);
    case Kind::kSummary: return read_summary(node, false, atom10, f);
    case Kind::kRssSummary: return read_summary(node, true, atom10, f);
    case Kind::kContent: return set_first(f.content, node.value(construct(atom10)));
    case Kind::kId: return read_id(node, scope, f);
    case Kind::kGuid: return read_guid(node, f);
    case Kind::kAuthor: return set_first(f.author, person(node));
    case Kind::kPublished: f.published = read_date(node, f); return;
    case Kind::kUpdated: f.updated = read_date(node, f); return;
    case Kind::kCategory: return read_category(node, f);
    case Kind::kLanguage: return set_first(f.language, language_tag(node.value(Flavor::kText)));
    case Kind::kEnclosure: return read_enclosure(node, scope, f);
    case Kind::kMediaContent:
      if (f.lists) f.media.push_back(media_object(node, scope));
      return;
    case Kind::kMediaThumbnail:
      if (f.lists) f.thumbnails.push_back(media_object(node, scope));
      return;
    case Kind::kMediaDescription:
      return set_first(f.media_description, node.value(construct(atom10)));
    case Kind::kMediaGroup:
      if constexpr (std::is_same_v<Element, DomElement>) {
        return read_media_group(node.node(), scope, f);
      } else {
        node.unsupported = true;  // its Media RSS children are elements: only the DOM has them
        return;
      }
    case Kind::kTtl:
      if (!f.ttl_seconds) f.ttl_seconds = read_ttl(node);
      return;
  }
}

// <media:group> bundles alternative renditions; only its Media RSS children are read.
void read_media_group(const pugi::xml_node& group, const Scope& scope, Fields& f) {
  ChildNames names;
  for (const pugi::xml_node& child : group.children()) {
    if (child.type() != pugi::node_element) continue;
    const Rule* rule = find_rule(names.qualify_child(child));
    if (rule == nullptr || rule->kind == Kind::kMediaGroup || rule->ns != Ns::kMedia) continue;
    apply(rule->kind, DomElement(child), changes_scope(child) ? enter(scope, child) : scope, false, f);
  }
}

}  // namespace

const FieldRule* field_rule(const QName& name) { return find_rule(name); }

bool is_text_construct(const FieldRule& rule) {
  switch (rule.kind) {
    case Kind::kTitle: case Kind::kSummary: case Kind::kRssSummary: case Kind::kContent:
    case Kind::kMediaDescription:
      return true;
    default:
      return false;
  }
}

void apply_field(const FieldRule& rule, const StreamElement& element, const Scope& scope, bool atom10, Fields& f) {
  apply(rule.kind, element, scope, atom10, f);
}

Fields read_fields(const pugi::xml_node& container, const Scope& scope, bool atom10, Detail detail) {
  ChildNames names;
  return read_fields(container, scope, atom10, detail, names);
}

Fields read_fields(const pugi::xml_node& container, const Scope& scope, bool atom10, Detail detail,
                   ChildNames& names) {
  Fields f;
  f.lists = detail == Detail::full;
  for (pugi::xml_node child = container.first_child(); child; child = child.next_sibling()) {
    if (child.type() != pugi::node_element) continue;
    bool scoped = false;
    const QName q = names.qualify_child(child, scoped);
    f.undeclared_prefix = f.undeclared_prefix || q.undeclared_prefix;
    const Rule* rule = find_rule(q);
    if (rule == nullptr) continue;
    if (scoped) {
      apply(rule->kind, DomElement(child), enter(scope, child), atom10, f);
    } else {
      apply(rule->kind, DomElement(child), scope, atom10, f);  // the common case: no copy of the scope
    }
  }
  return f;
}

}  // namespace parse
