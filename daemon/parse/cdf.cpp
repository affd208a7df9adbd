#include "parse/cdf.h"

#include "parse/text_construct.h"
#include "parse/text_util.h"
#include "parse/url.h"

namespace parse {
namespace {

// CDF names are case-insensitive in practice (<CHANNEL>, <Title>, lastmod=).
std::string cdf_attribute(const pugi::xml_node& node, std::string_view name) {
  for (const pugi::xml_attribute& a : node.attributes()) {
    if (iequals(a.name(), name)) return std::string(trim(a.value()));
  }
  return {};
}

struct CdfFields {
  std::string title, abstract, href;
  std::optional<core::UnixSeconds> lastmod;
};

CdfFields read_node(const pugi::xml_node& node, const Scope& scope) {
  CdfFields f;
  f.href = resolve_url(scope.base, cdf_attribute(node, "href"));
  f.lastmod = parse_date(cdf_attribute(node, "lastmod"));
  for (const pugi::xml_node& c : node.children()) {
    if (c.type() != pugi::node_element) continue;
    if (iequals(c.name(), "title") && f.title.empty()) f.title = element_value(c, Flavor::kText);
    if (iequals(c.name(), "abstract") && f.abstract.empty()) {
      f.abstract = element_value(c, Flavor::kConstruct);
    }
  }
  return f;
}

std::vector<Link> links_of(const std::string& href) {
  if (href.empty()) return {};
  return {Link{href, "alternate", "text/html"}};
}

}  // namespace

void read_cdf(const pugi::xml_node& root, const Scope& scope, Feed& feed) {
  CdfFields channel = read_node(root, scope);
  feed.feed.title = std::move(channel.title);
  feed.feed.subtitle = std::move(channel.abstract);
  feed.feed.links = links_of(channel.href);
  feed.feed.link = std::move(channel.href);
  feed.feed.updated = channel.lastmod;
  for (const pugi::xml_node& c : root.children()) {
    if (c.type() != pugi::node_element || !iequals(c.name(), "item")) continue;
    CdfFields item = read_node(c, enter(scope, c));
    Entry e;
    e.title = std::move(item.title);
    e.summary = std::move(item.abstract);
    e.links = links_of(item.href);
    e.link = std::move(item.href);
    e.updated = item.lastmod;
    feed.entries.push_back(std::move(e));
  }
}

}  // namespace parse
