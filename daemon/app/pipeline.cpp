#include "app/pipeline.h"

#include <algorithm>
#include <thread>

#include "app/log.h"
#include "app/message.h"
#include "extract/extractor.h"
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

// A page fetched from an `html` source, as one item: its main text and metadata (extract/).
core::Article page_as_article(const fetch::Result& r) {
  core::Article a;
  a.source = r.source;
  a.link = r.effective_url.empty() ? r.url : r.effective_url;
  extract::Article page = extract::extract_article(r.body, a.link, r.content_type);
  a.title = page.title;
  a.content = page.text;
  a.author = page.author;
  a.published = page.published;
  a.language = page.language.empty() ? r.content_language : page.language;
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

std::size_t Pipeline::handle(const fetch::Result& r) {
  if (r.outcome != fetch::Outcome::ok) return 0;  // 304 and failures: nothing to parse
  config::SourceKind kind;
  {
    std::lock_guard lock(mu_);
    auto it = kinds_.find(r.source);
    if (it == kinds_.end()) return 0;  // source removed while its fetch was in flight
    kind = it->second;
  }
  std::vector<core::Article> articles = read_body(r, kind);
  metrics_.items(r.source, "parsed", articles.size());
  double fetched = clock_.wall_seconds();
  std::size_t fresh = 0;
  for (auto& a : articles) fresh += handle_article(std::move(a), fetched, r.finished) ? 1 : 0;
  return fresh;
}

std::vector<core::Article> Pipeline::read_body(const fetch::Result& r, config::SourceKind kind) {
  metrics_.document_parsed(r.source);
  if (kind == config::SourceKind::html) return {page_as_article(r)};
  parse::HttpContext http{r.effective_url.empty() ? r.url : r.effective_url, r.content_type, r.content_location,
                          r.content_language};
  parse::Feed feed = parse::parse_feed(r.body, http, static_cast<core::UnixSeconds>(clock_.wall_seconds()));
  for (std::size_t i = 0; i < feed.bad_dates; ++i) metrics_.parse_problem(r.source, "bad_date");
  for (std::size_t i = 0; i < feed.future_dates; ++i) metrics_.parse_problem(r.source, "future_date");
  if (feed.bad_dates + feed.future_dates > 0) {
    log::warning("source=" + r.source + " dates: " + std::to_string(feed.bad_dates) + " unparseable (left empty), " +
                 std::to_string(feed.future_dates) + " in the future (set to now)", {.source = r.source});
  }
  if (feed.bozo) {
    metrics_.parse_problem(r.source, "not_well_formed");
    log::warning("source=" + r.source + " feed is not well-formed, parsed leniently: " + feed.bozo_message, {.source = r.source});
  }
  if (feed.entries.empty()) {
    metrics_.parse_problem(r.source, "no_items");
    log::warning("source=" + r.source + " document has no items (version '" + feed.version + "')", {.source = r.source});
  }
  return parse::to_articles(std::move(feed), r.source);
}

bool Pipeline::handle_article(core::Article a, double fetched, std::chrono::steady_clock::time_point fetch_done) {
  const std::string id = dedup::item_id(a);
  if (store_.seen(id)) {
    metrics_.items(a.source, "duplicate", 1);
    return false;
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
    return true;
  }
  metrics_.items(a.source, "matched", 1);
  metrics_.matched(v.profile);
  metrics_.board().matched({fetched, a.source, a.title, a.link, v.profile, v.stage, v.score});
  a.summary = truncate_utf8(parse::html_to_text(a.summary.empty() ? a.content : a.summary), kMaxSummaryChars);
  publish::Message m = build_message(a, id, v, fetched);
  // Durable before produce: nothing reaches Kafka that the spool does not hold, and a crash from
  // here on replays the item at the next start. The lock keeps a replay (after a fatal producer
  // error) from producing this item a second time between the two steps.
  std::lock_guard produce_lock(produce_mu_);
  if (!spool(id, a.source, dedup::Pending{id, m.value, m.headers})) return true;
  log::info("match source=" + a.source + " id=" + id + " profile=" + v.profile + " score=" +
            std::to_string(v.score) + " stage=" + v.stage + " title=\"" + a.title + "\"", {.source = a.source, .item_id = id});
  if (fetch_done != std::chrono::steady_clock::time_point{}) {
    constexpr std::size_t kMaxTracked = 100000;
    std::lock_guard lock(mu_);
    if (in_flight_.size() >= kMaxTracked) in_flight_.clear();
    in_flight_[id] = InFlight{fetch_done, a.published ? std::optional<double>(static_cast<double>(*a.published))
                                  : a.updated ? std::optional<double>(static_cast<double>(*a.updated))
                                              : std::nullopt};
  }
  produce(std::move(m));
  return true;
}

// A failed write (disk full, I/O error) is retried until it succeeds or the daemon stops: the
// pipeline slows down (backpressure) rather than publish what it could not store. An item given up
// at shutdown was never recorded, so the next run sees it as new and handles it again.
bool Pipeline::spool(const std::string& id, const std::string& source, const dedup::Pending& msg) {
  const auto start = std::chrono::steady_clock::now();
  bool logged = false;
  while (!store_.add_pending(id, source, msg)) {
    metrics_.spool_error();
    if (!logged) {
      log::error("spool: cannot store matched item id=" + id + " in the state store (" + store_.last_error() +
                 "); it is not published until it is stored — retrying every second", {.item_id = id});
      logged = true;
    }
    if (stopping) {
      log::error("spool: giving up on item id=" + id + " at shutdown; the next run handles it again", {.item_id = id});
      return false;
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  if (logged) {
    metrics_.backpressure("spool_error", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    log::info("spool: stored item id=" + id + " after the state store recovered", {.item_id = id});
  }
  return true;
}

bool Pipeline::produce(publish::Message m) {
  // Backpressure: wait for room in the producer's queue rather than drop. Each produce() call is
  // itself bounded; between calls we check for shutdown or a fatal producer error, when the item
  // stays pending (spooled) for the replay or the next start.
  const auto start = std::chrono::steady_clock::now();
  bool taken = false, waited = false;
  while (!(taken = publisher_.produce(m))) {
    waited = true;
    if (stopping || !publisher_.fatal_error().empty()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (waited)
    metrics_.backpressure("producer_queue_full",
                          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  if (!taken) return false;
  return true;
}

void Pipeline::on_delivery(const publish::Delivery& d) {
  if (d.ok) {
    store_.mark_published(d.item_id);
    metrics_.delivered();
    observe_lag(d.item_id);
    return;
  }
  metrics_.delivery_failed(error_type(d));
  if (d.permanent) {
    // Never retried: it would fail again. Moved to the dead letters (state 'dead' and a line in
    // <state_dir>/dead-letter.jsonl); if that cannot be written it stays pending.
    metrics_.dead_lettered();
    if (store_.mark_dead(d.item_id, d.error))
      log::error("item id=" + d.item_id + " cannot be published (permanent error: " + d.error +
                 "); written to the dead letters (dead-letter.jsonl)", {.item_id = d.item_id});
    else
      log::error("item id=" + d.item_id + " cannot be published (permanent error: " + d.error +
                 ") and could not be dead-lettered (" + store_.last_error() + "); it stays pending", {.item_id = d.item_id});
    std::lock_guard lock(mu_);
    in_flight_.erase(d.item_id);
    return;
  }
  log::warning("item id=" + d.item_id + " delivery failed, will retry: " + d.error, {.item_id = d.item_id});
  std::lock_guard lock(mu_);
  failed_.push_back(d.item_id);
}

void Pipeline::observe_lag(const std::string& id) {
  std::optional<InFlight> seen;
  {
    std::lock_guard lock(mu_);
    auto it = in_flight_.find(id);
    if (it == in_flight_.end()) return;  // produced by an earlier run
    seen = it->second;
    in_flight_.erase(it);
  }
  metrics_.processing_lag(std::chrono::duration<double>(std::chrono::steady_clock::now() - seen->fetch_done).count());
  if (seen->published) metrics_.detection_lag(clock_.wall_seconds() - *seen->published);
}

std::size_t Pipeline::republish_pending() {
  std::lock_guard produce_lock(produce_mu_);
  std::vector<dedup::Pending> pending = store_.pending();
  metrics_.set_pending(pending.size());
  return produce_unacknowledged(std::move(pending));
}

std::size_t Pipeline::recover_from_fatal() {
  std::lock_guard produce_lock(produce_mu_);
  if (std::string error = publisher_.recreate(); !error.empty()) {
    log::error("cannot recreate the Kafka producer: " + error);
    return 0;
  }
  metrics_.producer_recreated();
  {
    std::lock_guard lock(mu_);
    failed_.clear();  // replayed below with everything else still pending
  }
  return produce_unacknowledged(store_.pending());
}

// Reads the topic back before producing anything again: a spooled item whose key is already there
// was acknowledged by the broker before a crash (or a fatal error) kept us from recording it, so
// it is marked published instead of produced twice. Assumes one writer per topic (docs/delivery.md).
std::size_t Pipeline::produce_unacknowledged(std::vector<dedup::Pending> pending) {
  if (pending.empty()) return 0;
  constexpr std::int64_t kClockMarginSeconds = 15 * 60;  // producer clock vs. record timestamps
  std::unordered_set<std::string> keys, found;
  std::int64_t oldest = pending.front().first_seen;
  for (const auto& p : pending) keys.insert(p.id), oldest = std::min(oldest, p.first_seen);
  if (std::string error = publisher_.find_published(keys, (oldest - kClockMarginSeconds) * 1000, found); !error.empty()) {
    metrics_.read_back_failed();
    log::warning("could not read the topic back (" + error + "); producing " + std::to_string(pending.size()) +
                 " spooled items again — some may be duplicates (at-least-once)");
    found.clear();
  }
  for (const auto& id : found) store_.mark_published(id);
  if (!found.empty()) {
    metrics_.already_published(found.size());
    log::info(std::to_string(found.size()) + " spooled items were already in the topic; not producing them again");
  }
  std::size_t produced = 0;
  for (auto& p : pending) {
    if (found.count(p.id)) continue;
    if (!produce(publish::Message{p.id, p.payload, p.headers, p.id})) break;
    ++produced;
  }
  return produced;
}

std::size_t Pipeline::retry_failed() {
  std::unordered_set<std::string> retry;
  {
    std::lock_guard lock(mu_);
    retry.insert(failed_.begin(), failed_.end());
    failed_.clear();
  }
  if (retry.empty()) return 0;
  // A failed report (e.g. message timeout) does not prove the broker never wrote the message, so
  // these go through the same read-back as a replay.
  std::lock_guard produce_lock(produce_mu_);
  std::vector<dedup::Pending> again;
  for (auto& p : store_.pending())
    if (retry.count(p.id)) again.push_back(std::move(p));
  return produce_unacknowledged(std::move(again));
}

}  // namespace app
