// to_conformance_json: the Feed as the JSON object of the shared conformance contract.
#include <nlohmann/json.hpp>

#include "parse/civil_time.h"
#include "parse/parser.h"

namespace parse {
namespace {

using nlohmann::json;

json str(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json date(const std::optional<core::UnixSeconds>& t) {
  return t ? json(format_iso_utc(*t)) : json(nullptr);
}

json links_json(const std::vector<Link>& links) {
  json out = json::array();
  for (const Link& l : links) out.push_back({{"href", str(l.href)}, {"rel", str(l.rel)}, {"type", str(l.type)}});
  return out;
}

json enclosures_json(const std::vector<Enclosure>& enclosures) {
  json out = json::array();
  for (const Enclosure& e : enclosures) {
    out.push_back({{"href", str(e.href)}, {"type", str(e.type)}, {"length", str(e.length)}});
  }
  return out;
}

json meta_json(const FeedMeta& m) {
  return {{"title", str(m.title)},       {"subtitle", str(m.subtitle)},
          {"link", str(m.link)},         {"links", links_json(m.links)},
          {"id", str(m.id)},             {"language", str(m.language)},
          {"author", str(m.author)},     {"updated", date(m.updated)},
          {"published", date(m.published)}, {"tags", m.tags}};
}

json entry_json(const Entry& e) {
  return {{"title", str(e.title)},         {"link", str(e.link)},
          {"links", links_json(e.links)},  {"id", str(e.id)},
          {"summary", str(e.summary)},     {"content", str(e.content)},
          {"author", str(e.author)},       {"published", date(e.published)},
          {"updated", date(e.updated)},    {"tags", e.tags},
          {"enclosures", enclosures_json(e.enclosures)}, {"language", str(e.language)}};
}

}  // namespace

std::string to_conformance_json(const Feed& feed) {
  json entries = json::array();
  for (const Entry& e : feed.entries) entries.push_back(entry_json(e));
  const json out = {{"bozo", feed.bozo},         {"bozo_message", feed.bozo_message},
                    {"version", feed.version},   {"encoding", feed.encoding},
                    {"feed", meta_json(feed.feed)}, {"entries", std::move(entries)}};
  return out.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace parse
