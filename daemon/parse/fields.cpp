#include "parse/fields.h"

#include <algorithm>
#include <array>

#include "parse/text_construct.h"
#include "parse/text_util.h"
#include "parse/url.h"
#include "parse/xml_names.h"

namespace parse {
namespace {

enum class Kind {
  kTitle, kLink, kSummary, kRssSummary, kContent, kId, kGuid, kAuthor, kPublished, kUpdated,
  kCategory, kLanguage, kEnclosure, kMediaContent, kMediaThumbnail, kMediaDescription, kMediaGroup
};

struct Rule {
  Ns ns;
  std::string_view local;
  Kind kind;
};

// Sorted by local name, then namespace, for binary search.
constexpr std::array<Rule, 38> kRules{{
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
    {Ns::kDc, "title", Kind::kTitle},            {Ns::kFeed, "updated", Kind::kUpdated},
}};

bool rule_less(const Rule& r, const QName& q) {
  return r.local != q.local ? r.local < q.local : r.ns < q.ns;
}

constexpr bool rules_sorted() {
  for (std::size_t i = 1; i < kRules.size(); ++i) {
    const Rule& a = kRules[i - 1];
    const Rule& b = kRules[i];
    if (a.local > b.local || (a.local == b.local && !(a.ns < b.ns))) return false;
  }
  return true;
}
static_assert(rules_sorted(), "kRules must be sorted by local name, then namespace");

const Rule* find_rule(const QName& q) {
  const auto it = std::lower_bound(kRules.begin(), kRules.end(), q, rule_less);
  return it != kRules.end() && it->local == q.local && it->ns == q.ns ? &*it : nullptr;
}

Flavor construct(bool atom10) { return atom10 ? Flavor::kAtom10Construct : Flavor::kConstruct; }

void set_first(std::string& field, std::string value) {
  if (field.empty()) field = std::move(value);
}

std::string attr(const pugi::xml_node& node, std::string_view name) {
  std::string v(attribute(node, name));
  clean_text(v);
  return v;
}

// Atom <link href rel type> (some feeds put the URL in the content instead of href).
void read_atom_link(const pugi::xml_node& node, const Scope& scope, bool atom10, Fields& f) {
  const std::string href = node.attribute("href") ? attr(node, "href")
                                                  : element_value(node, Flavor::kText);
  Link link{resolve_url(scope.base, href), attr(node, "rel"), attr(node, "type")};
  if (link.rel.empty()) link.rel = "alternate";
  if (atom10 && link.rel == "self" && link.type.empty()) link.type = "application/atom+xml";
  if (link.rel == "enclosure") {
    f.enclosures.push_back({link.href, link.type, attr(node, "length")});
  }
  if (link.rel == "alternate") set_first(f.link, link.href);
  f.links.push_back(std::move(link));
}

void read_link(const pugi::xml_node& node, const Scope& scope, bool atom10, Fields& f) {
  if (node.attribute("href") || node.attribute("rel")) return read_atom_link(node, scope, atom10, f);
  std::string href = resolve_url(scope.base, element_value(node, Flavor::kText));
  if (href.empty()) return;
  set_first(f.link, href);
  f.links.push_back({std::move(href), "alternate", "text/html"});
}

void read_enclosure(const pugi::xml_node& node, const Scope& scope, Fields& f) {
  Enclosure e{resolve_url(scope.base, attr(node, "url")), attr(node, "type"), attr(node, "length")};
  f.links.push_back({e.href, "enclosure", e.type});
  f.enclosures.push_back(std::move(e));
}

// Atom person construct: "name (email)"; RSS/DC: the text as written.
std::string person(const pugi::xml_node& node) {
  std::string name, email;
  for (const pugi::xml_node& c : node.children()) {
    if (c.type() != pugi::node_element) continue;
    const std::string_view local = qualify(c).local;
    if (local == "name") name = element_value(c, Flavor::kText);
    if (local == "email") email = element_value(c, Flavor::kText);
  }
  if (name.empty() && email.empty()) return element_value(node, Flavor::kText);
  if (name.empty()) return email;
  return email.empty() ? name : name + " (" + email + ")";
}

void read_guid(const pugi::xml_node& node, Fields& f) {
  std::string guid = element_value(node, Flavor::kText);
  if (attr(node, "isPermaLink") != "false") set_first(f.guid_link, guid);
  set_first(f.id, std::move(guid));
}

void read_id(const pugi::xml_node& node, const Scope& scope, Fields& f) {
  std::string id = element_value(node, Flavor::kText);
  if (!id.empty() && url_scheme(id).empty()) id = resolve_url(scope.base, id);
  set_first(f.id, std::move(id));
}

void read_category(const pugi::xml_node& node, Fields& f) {
  std::string term = node.attribute("term") ? attr(node, "term") : element_value(node, Flavor::kText);
  if (!term.empty()) f.tags.push_back(std::move(term));
}

void read_summary(const pugi::xml_node& node, bool rss_summary, bool atom10, Fields& f) {
  std::string value = element_value(node, construct(atom10));
  if (rss_summary && f.summary_from_description) return set_first(f.content, std::move(value));
  if (!f.summary.empty()) return;
  f.summary = std::move(value);
  f.summary_from_description = !rss_summary;
}

Media media_object(const pugi::xml_node& node, const Scope& scope) {
  return {resolve_url(scope.base, attr(node, "url")), attr(node, "type"), attr(node, "medium"),
          attr(node, "width"), attr(node, "height")};
}

std::optional<core::UnixSeconds> read_date(const pugi::xml_node& node, Fields& f) {
  const std::string text = element_value(node, Flavor::kText);
  std::optional<core::UnixSeconds> t = parse_date(text);
  if (!t && !text.empty()) ++f.bad_dates;
  return t;
}

void read_media_group(const pugi::xml_node& group, const Scope& scope, Fields& f);

void apply(Kind kind, const pugi::xml_node& node, const Scope& scope, bool atom10, Fields& f) {
  switch (kind) {
    case Kind::kTitle: return set_first(f.title, element_value(node, construct(atom10)));
    case Kind::kLink: return read_link(node, scope, atom10, f);
    case Kind::kSummary: return read_summary(node, false, atom10, f);
    case Kind::kRssSummary: return read_summary(node, true, atom10, f);
    case Kind::kContent: return set_first(f.content, element_value(node, construct(atom10)));
    case Kind::kId: return read_id(node, scope, f);
    case Kind::kGuid: return read_guid(node, f);
    case Kind::kAuthor: return set_first(f.author, person(node));
    case Kind::kPublished: f.published = read_date(node, f); return;
    case Kind::kUpdated: f.updated = read_date(node, f); return;
    case Kind::kCategory: return read_category(node, f);
    case Kind::kLanguage: return set_first(f.language, language_tag(element_value(node, Flavor::kText)));
    case Kind::kEnclosure: return read_enclosure(node, scope, f);
    case Kind::kMediaContent: return f.media.push_back(media_object(node, scope));
    case Kind::kMediaThumbnail: return f.thumbnails.push_back(media_object(node, scope));
    case Kind::kMediaDescription:
      return set_first(f.media_description, element_value(node, construct(atom10)));
    case Kind::kMediaGroup: return read_media_group(node, scope, f);
  }
}

// <media:group> bundles alternative renditions; only its Media RSS children are read.
void read_media_group(const pugi::xml_node& group, const Scope& scope, Fields& f) {
  ChildNames names;
  for (const pugi::xml_node& child : group.children()) {
    if (child.type() != pugi::node_element) continue;
    const Rule* rule = find_rule(names.qualify_child(child));
    if (rule == nullptr || rule->kind == Kind::kMediaGroup || rule->ns != Ns::kMedia) continue;
    apply(rule->kind, child, changes_scope(child) ? enter(scope, child) : scope, false, f);
  }
}

}  // namespace

Fields read_fields(const pugi::xml_node& container, const Scope& scope, bool atom10) {
  Fields f;
  ChildNames names;
  for (const pugi::xml_node& child : container.children()) {
    if (child.type() != pugi::node_element) continue;
    const QName q = names.qualify_child(child);
    f.undeclared_prefix = f.undeclared_prefix || q.undeclared_prefix;
    const Rule* rule = find_rule(q);
    if (rule == nullptr) continue;
    if (changes_scope(child)) {
      apply(rule->kind, child, enter(scope, child), atom10, f);
    } else {
      apply(rule->kind, child, scope, atom10, f);  // the common case: no copy of the scope
    }
  }
  return f;
}

}  // namespace parse
