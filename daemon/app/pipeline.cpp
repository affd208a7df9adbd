#include "app/pipeline.h"

#include <algorithm>
#include <thread>

#include "app/log.h"
#include "app/message.h"
#include "parse/parser.h"

namespace app {
namespace {

constexpr std::size_t kMaxSummaryChars = 2000;

// Cuts UTF-8 text to at most `max` bytes without splitting a character.
std::string truncate_utf8(std::string s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
  return s;
}

// A page fetched from an `html` source, as one item. (Full article extraction is a later stage.)
core::Article page_as_article(const fetch::Result& r) {
  core::Article a;
  a.source = r.source;
  a.link = r.effective_url.empty() ? r.url : r.effective_url;
  a.content = r.body;
  a.language = r.content_language;
  auto open = r.body.find("<title");
  if (open != std::string::npos) {
    auto start = r.body.find('>', open);
    auto end = r.body.find("</title", open);
    if (start != std::string::npos && end != std::string::npos && start < end)
      a.title = parse::html_to_text(std::string_view(r.body).substr(start + 1, end - start - 1));
  }
  return a;
}

classify::Document document_for(const core::Article& a, const std::string& id) {
  const std::string& body = a.content.empty() ? a.summary : a.content;
  return classify::Document{id, parse::html_to_text(a.title), parse::html_to_text(body), a.language};
}

// The best-scoring matching verdict over all profiles, or the best non-match.
classify::Verdict best_verdict(const FilterSet& filters, const classify::Document& doc) {
  classify::Verdict best;
  bool have = false;
  for (const auto& f : filters) {
    classify::Verdict v = f->classify(doc);
    if (!have || (v.match && !best.match) || (v.match == best.match && v.score > best.score)) {
      best = std::move(v);
      have = true;
    }
  }
  return best;
}

std::string error_type(const publish::Delivery& d) { return d.permanent ? "permanent" : "transient"; }

}  // namespace

Pipeline::Pipeline(dedup::Store& store, publish::Publisher& publisher, metrics::Metrics& metrics,
                   const core::Clock& clock)
    : store_(store), publisher_(publisher), metrics_(metrics), clock_(clock) {}

void Pipeline::set_sources(const std::vector<config::Source>& sources) {
  std::lock_guard lock(mu_);
  kinds_.clear();
  for (const auto& s : sources) kinds_[s.name] = s.kind;
}

void Pipeline::set_filters(std::shared_ptr<const FilterSet> filters) {
  std::lock_guard lock(mu_);
  filters_ = std::move(filters);
}

void Pipeline::handle(const fetch::Result& r) {
  if (r.outcome != fetch::Outcome::ok) return;  // 304 and failures: nothing to parse
  config::SourceKind kind;
  {
    std::lock_guard lock(mu_);
    auto it = kinds_.find(r.source);
    if (it == kinds_.end()) return;  // source removed while its fetch was in flight
    kind = it->second;
  }
  std::vector<core::Article> articles = read_body(r, kind);
  metrics_.items(r.source, "parsed", articles.size());
  double fetched = clock_.wall_seconds();
  for (auto& a : articles) handle_article(std::move(a), fetched);
}

std::vector<core::Article> Pipeline::read_body(const fetch::Result& r, config::SourceKind kind) {
  metrics_.document_parsed(r.source);
  if (kind == config::SourceKind::html) return {page_as_article(r)};
  parse::HttpContext http{r.effective_url.empty() ? r.url : r.effective_url, r.content_type, r.content_location,
                          r.content_language};
  parse::Feed feed = parse::parse_feed(r.body, http);
  if (feed.bozo) {
    metrics_.parse_problem(r.source, "not_well_formed");
    log::warning("source=" + r.source + " feed is not well-formed, parsed leniently: " + feed.bozo_message);
  }
  if (feed.entries.empty()) {
    metrics_.parse_problem(r.source, "no_items");
    log::warning("source=" + r.source + " document has no items (version '" + feed.version + "')");
  }
  return parse::to_articles(feed, r.source);
}

void Pipeline::handle_article(core::Article a, double fetched) {
  const std::string id = dedup::item_id(a);
  if (store_.seen(id)) {
    metrics_.items(a.source, "duplicate", 1);
    return;
  }
  metrics_.items(a.source, "new", 1);
  std::shared_ptr<const FilterSet> filters;
  {
    std::lock_guard lock(mu_);
    filters = filters_;
  }
  classify::Verdict v = filters ? best_verdict(*filters, document_for(a, id)) : classify::Verdict{};
  if (!v.match) {
    store_.mark_rejected(id, a.source);
    return;
  }
  metrics_.items(a.source, "matched", 1);
  metrics_.matched(v.profile);
  a.summary = truncate_utf8(parse::html_to_text(a.summary.empty() ? a.content : a.summary), kMaxSummaryChars);
  publish::Message m = build_message(a, id, v, fetched);
  // Durable before produce: a crash from here on replays the item at the next start.
  store_.add_pending(id, a.source, dedup::Pending{id, m.value, m.headers});
  log::info("match source=" + a.source + " id=" + id + " profile=" + v.profile + " score=" +
            std::to_string(v.score) + " stage=" + v.stage + " title=\"" + a.title + "\"");
  produce(std::move(m));
}

bool Pipeline::produce(publish::Message m) {
  // Backpressure: wait for room in the producer's queue rather than drop. Each produce() call is
  // itself bounded; between calls we check for shutdown, when the item stays pending for next start.
  while (!publisher_.produce(m)) {
    if (stopping) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return true;
}

void Pipeline::on_delivery(const publish::Delivery& d) {
  if (d.ok) {
    store_.mark_published(d.item_id);
    metrics_.delivered();
    return;
  }
  metrics_.delivery_failed(error_type(d));
  if (d.permanent) {
    // Never retried: it would fail again. Kept in the store as pending for an operator to inspect.
    log::error("item id=" + d.item_id + " cannot be published (permanent error): " + d.error);
    return;
  }
  log::warning("item id=" + d.item_id + " delivery failed, will retry: " + d.error);
  std::lock_guard lock(mu_);
  failed_.push_back(d.item_id);
}

std::size_t Pipeline::republish_pending() {
  std::size_t produced = 0;
  std::vector<dedup::Pending> pending = store_.pending();
  for (auto& p : pending) {
    if (!produce(publish::Message{p.id, p.payload, p.headers, p.id})) break;
    ++produced;
  }
  metrics_.set_pending(pending.size());
  return produced;
}

std::size_t Pipeline::retry_failed() {
  std::vector<std::string> retry;
  {
    std::lock_guard lock(mu_);
    retry.swap(failed_);
  }
  if (retry.empty()) return 0;
  std::size_t produced = 0;
  for (auto& p : store_.pending()) {
    if (std::find(retry.begin(), retry.end(), p.id) == retry.end()) continue;
    if (!produce(publish::Message{p.id, p.payload, p.headers, p.id})) break;
    ++produced;
  }
  return produced;
}

}  // namespace app
