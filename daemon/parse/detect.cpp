#include "parse/detect.h"

#include "parse/text_util.h"
#include "parse/xml_names.h"

namespace parse {
namespace {

std::string rdf_version(const pugi::xml_node& root) {
  if (namespace_uri(root, {}) == kRss090Namespace) return "rss090";
  for (const pugi::xml_node& c : root.children()) {
    if (c.type() != pugi::node_element || qualify(c).local != "channel") continue;
    const std::string_view name = c.name();
    const std::size_t colon = name.find(':');
    const std::string_view prefix = colon == std::string_view::npos ? "" : name.substr(0, colon);
    if (namespace_uri(c, prefix) == kRss090Namespace) return "rss090";
  }
  return "rss10";
}

}  // namespace

std::string rss_version(std::string_view version_attribute, std::string_view text) {
  const std::string_view v = trim(version_attribute);
  if (v == "0.91") {
    const bool netscape = text.substr(0, text.find("<rss")).find("Netscape") != std::string_view::npos;
    return netscape ? "rss091n" : "rss091u";
  }
  if (v == "0.92") return "rss092";
  if (v == "0.93") return "rss093";
  if (v == "0.94") return "rss094";
  if (v == "2.0" || v == "2.01" || v == "2.1" || v == "2") return "rss20";
  return "rss";
}

std::string atom_version(std::string_view default_namespace, std::string_view version_attribute) {
  if (default_namespace == "http://www.w3.org/2005/Atom") return "atom10";
  const std::string_view v = trim(version_attribute);
  if (v == "0.3") return "atom03";
  if (v == "0.2") return "atom02";
  if (v == "0.1") return "atom01";
  return "atom";
}

std::string detect_version(const pugi::xml_node& root, std::string_view text) {
  const std::string_view local = qualify(root).local;
  if (local == "rss") return rss_version(root.attribute("version").value(), text);
  if (local == "RDF") return rdf_version(root);
  if (local == "feed") return atom_version(namespace_uri(root, {}), root.attribute("version").value());
  if (iequals(local, "channel")) return "cdf";
  return "";
}

bool is_atom(std::string_view version) { return version.rfind("atom", 0) == 0; }

}  // namespace parse
