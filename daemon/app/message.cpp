#include "app/message.h"

#include <nlohmann/json.hpp>

#include "core/version.h"

namespace app {
namespace {

nlohmann::json optional_time(const std::optional<core::UnixSeconds>& t) {
  return t ? nlohmann::json(core::format_utc(*t)) : nlohmann::json(nullptr);
}

nlohmann::json evidence_json(const classify::Verdict& v) {
  auto list = nlohmann::json::array();
  for (const auto& e : v.evidence) {
    list.push_back({{"term", e.term}, {"role", e.role}, {"field", e.field}, {"sentence", e.sentence}});
  }
  return list;
}

}  // namespace

publish::Message build_message(const core::Article& a, const std::string& item_id, const classify::Verdict& v,
                               double fetched) {
  const std::string fetched_at = core::format_utc(static_cast<core::UnixSeconds>(fetched));
  nlohmann::json body = {
      {"schema_version", kSchemaVersion},
      {"id", item_id},
      {"url", a.link},
      {"title", a.title},
      {"summary", a.summary},
      {"text", a.content},
      {"text_from", a.content_from_page ? "page" : "feed"},
      {"source", a.source},
      {"published", optional_time(a.published ? a.published : a.updated)},
      {"fetched", fetched_at},
      {"language", v.language.empty() ? a.language : v.language},
      {"profile", v.profile},
      {"score", v.score},
      {"stage", v.stage.empty() ? nlohmann::json(nullptr) : nlohmann::json(v.stage)},
      {"evidence", evidence_json(v)},
      {"categories", a.categories},
      {"daemon_version", core::kVersion},
  };
  publish::Message m;
  m.key = item_id;
  m.item_id = item_id;
  // dump() with error_handler::replace: a stray invalid byte in a feed never aborts a message.
  m.value = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  m.headers = {
      {"profile", v.profile},
      {"source", a.source},
      {"schema_version", std::to_string(kSchemaVersion)},
      {"content-type", "application/json"},
      {"ce_specversion", "1.0"},
      {"ce_id", item_id},
      {"ce_source", std::string("newswatchd/") + a.source},
      {"ce_type", kEventType},
      {"ce_time", fetched_at},
  };
  return m;
}

}  // namespace app
