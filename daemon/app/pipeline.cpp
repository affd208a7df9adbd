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
constexpr std::size_t kMaxTextBytes = 16000;

// Cuts UTF-8 text to at most `max` bytes without splitting a character.
std::string truncate_utf8(std::string s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  s.resize(cut);
  return s;
}

// The text of an item as the classifier reads it, in characters (code points).
std::size_t text_chars(const core::Article& a) {
  const std::string text = parse::html_to_text(a.content.empty() ? a.summary : a.content);
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

// An `auto` source whose body is an HTML page rather than a feed: read as a listing page.
bool looks_like_html(std::string_view body) {
  std::string head(body.substr(0, 512));
  for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (head.find("<rss") != std::string::npos || head.find("<feed") != std::string::npos ||
      head.find("<rdf:rdf") != std::string::npos)
    return false;
  return head.find("<!doctype html") != std::string::npos || head.find("<html") != std::string::npos;
}

// An article page's main text and metadata merged into the item that asked for it. A listing
// link becomes the page's story; a feed item keeps its own fields and gains the full text.
void merge_page(core::Article& a, crawl::Origin origin, const fetch::Result& r) {
  const std::string url = r.effective_url.empty() ? r.url : r.effective_url;
  extract::Article page = extract::extract_article(r.body, url, r.content_type);
  if (origin == crawl::Origin::listing) {
    if (!page.title.empty()) a.title = page.title;
    if (!a.published) a.published = page.published;
  }
  if (!page.text.empty()) {
    a.content = std::move(page.text);
    a.content_from_page = true;
  }
  if (a.author.empty()) a.author = page.author;
  if (a.language.empty()) a.language = page.language.empty() ? r.content_language : page.language;
}

// A page fetched from an `html` source with `page: article`, as one item.
core::Article page_as_article(const fetch::Result& r, const std::string& source) {
  core::Article a;
  a.source = source;
  a.link = r.effective_url.empty() ? r.url : r.effective_url;
  merge_page(a, crawl::Origin::listing, r);
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
  std::unordered_map<std::string, SourceView> next;
  for (const auto& s : sources) next[s.name] = SourceView{s.kind, s.page, s.listing, s.full_text};
  if (crawler_)
    for (const auto& [name, view] : sources_)
      if (!next.count(name)) crawler_->forget_source(name);
  sources_ = std::move(next);
}

void Pipeline::set_filters(std::shared_ptr<const FilterSet> filters) {
  std::lock_guard lock(mu_);
  filters_ = std::move(filters);
}

Pipeline::Handled Pipeline::handle(const fetch::Result& r) {
  if (r.request_id != 0) {
    handle_page(r);
    return {};
  }
  if (r.outcome != fetch::Outcome::ok) return {};  // 304 and failures: nothing to parse
  SourceView source;
  {
    std::lock_guard lock(mu_);
    auto it = sources_.find(r.source);
    if (it == sources_.end()) return {};  // source removed while its fetch was in flight
    source = it->second;
  }
  metrics_.document_parsed(r.source);
  Handled out;
  const bool html = source.kind == config::SourceKind::html ||
                    (source.kind == config::SourceKind::auto_detect && looks_like_html(r.body));
  if (html && source.page == config::PageMode::article) {
    metrics_.items(r.source, "parsed", 1);
    out.fresh = handle_items({page_as_article(r, r.source)}, source, r);
  } else if (html) {
    out.fresh = handle_listing(r, source);
  } else {
    std::vector<core::Article> items = read_feed(r, out.ttl);
    metrics_.items(r.source, "parsed", items.size());
    out.fresh = handle_items(std::move(items), source, r);
  }
  if (crawler_) metrics_.set_crawl_pending(crawler_->pending());
  return out;
}

std::vector<core::Article> Pipeline::read_feed(const fetch::Result& r, std::optional<std::chrono::seconds>& ttl) {
  parse::HttpContext http{r.effective_url.empty() ? r.url : r.effective_url, r.content_type, r.content_location,
                          r.content_language};
  parse::Feed feed = parse::parse_feed(r.body, http, static_cast<core::UnixSeconds>(clock_.wall_seconds()),
                                       parse::Detail::articles);
  if (feed.ttl_seconds) ttl = std::chrono::seconds(*feed.ttl_seconds);
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

// A listing page: its article links are items whose page the crawler fetches; each is classified
// when its page arrives (handle_page).
std::size_t Pipeline::handle_listing(const fetch::Result& r, const SourceView& source) {
  const std::string base = r.effective_url.empty() ? r.url : r.effective_url;
  extract::ListingOptions options{source.listing.link_selector, source.listing.title_selector,
                                  source.listing.date_selector, source.listing.max_links};
  std::vector<extract::Link> links = extract::find_article_links(r.body, base, options, r.content_type);
  metrics_.items(r.source, "parsed", links.size());
  if (links.empty()) {
    metrics_.parse_problem(r.source, "no_items");
    log::warning("source=" + r.source + " listing page has no article links" +
                 (source.listing.link_selector.empty() ? std::string(" (automatic discovery)")
                                                       : " matching '" + source.listing.link_selector + "'"),
                 {.source = r.source});
    return 0;
  }
  std::vector<core::Article> items;
  items.reserve(links.size());
  for (auto& link : links) {
    core::Article& a = items.emplace_back();
    a.source = r.source;
    a.link = std::move(link.url);
    a.title = std::move(link.title);
    a.published = link.published;
  }
  return handle_items(std::move(items), source, r, crawl::Origin::listing);
}

bool Pipeline::wants_full_text(const core::Article& a, const SourceView& source) const {
  return crawler_ && source.full_text.enabled && !a.link.empty() && text_chars(a) < source.full_text.min_summary_chars;
}

// The items of one fetch: one batched seen-lookup, then each new item is classified, or waits for
// its page (every listing link; a feed item with a short text), and the rejections are recorded in
// one transaction. Matches are spooled one by one before they are produced (durable first).
std::size_t Pipeline::handle_items(std::vector<core::Article> items, const SourceView& source, const fetch::Result& r,
                                   crawl::Origin origin) {
  std::vector<std::string> ids;
  ids.reserve(items.size());
  for (const auto& a : items) ids.push_back(dedup::item_id(a));
  const std::vector<bool> seen = store_.seen_many(ids);
  const double fetched = clock_.wall_seconds();
  std::unordered_set<std::string> in_this_fetch;
  std::vector<std::pair<std::string, std::string>> rejected;
  std::size_t fresh = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    core::Article& a = items[i];
    if (seen[i] || !in_this_fetch.insert(ids[i]).second) {
      metrics_.items(a.source, "duplicate", 1);
      continue;
    }
    ++fresh;
    metrics_.items(a.source, "new", 1);
    const bool listing = origin == crawl::Origin::listing;
    if (listing || wants_full_text(a, source)) {
      if (!crawler_) continue;  // a listing link without a crawler: nothing to classify
      const crawl::Ask ask = listing ? crawler_->want(std::move(a), origin) : crawler_->want(a, origin);
      metrics_.article_request(r.source, crawl::to_string(ask));
      // Waits for its page; already_pending: the item sharing its page is handled then. A
      // listing link the crawler cannot take now is offered again by a changed listing page.
      if (listing || ask == crawl::Ask::requested || ask == crawl::Ask::waiting || ask == crawl::Ask::already_pending)
        continue;
    }
    if (!decide(a, ids[i], fetched, r.finished)) rejected.emplace_back(ids[i], a.source);
  }
  if (!rejected.empty() && !store_.mark_rejected_many(rejected))
    log::warning("source=" + r.source + " could not record " + std::to_string(rejected.size()) +
                 " rejected items (" + store_.last_error() + "); they are classified again next time", {.source = r.source});
  return fresh;
}

// An article page the crawler asked for: the items waiting for it are classified now, with the
// page's text. A feed item whose page could not be had is classified on its summary; a listing
// link the crawler gave up on (after its rounds) is not recorded, so a changed listing page offers
// it again.
void Pipeline::handle_page(const fetch::Result& r) {
  if (!crawler_) return;
  crawl::Response response{r.request_id, r.outcome == fetch::Outcome::ok, r.http_status, r.body, r.error};
  const double fetched = clock_.wall_seconds();
  for (crawl::Settled& s : crawler_->on_response(response)) {
    core::Article& a = s.item;
    metrics_.article_page(a.source, crawl::to_string(s.how));
    if (s.how == crawl::Settled::How::fetched) {
      merge_page(a, s.origin, r);
    } else {
      log::debug("source=" + a.source + " article page " + a.link + " " + std::string(crawl::to_string(s.how)) +
                 (s.detail.empty() ? "" : ": " + s.detail), {.source = a.source});
      if (s.origin == crawl::Origin::listing) continue;
    }
    classify_unseen(a, fetched, r.finished);  // counted as new when its fetch found it
  }
  metrics_.set_crawl_pending(crawler_->pending());
}

bool Pipeline::handle_article(core::Article a, double fetched, std::chrono::steady_clock::time_point fetch_done) {
  const bool fresh = classify_unseen(a, fetched, fetch_done);
  if (fresh) metrics_.items(a.source, "new", 1);
  return fresh;
}

// One item outside a batch: a duplicate when the store has it, else classified and, when it does
// not match, recorded as rejected. Returns whether it was new.
bool Pipeline::classify_unseen(core::Article& a, double fetched, std::chrono::steady_clock::time_point fetch_done) {
  const std::string id = dedup::item_id(a);
  if (store_.seen(id)) {
    metrics_.items(a.source, "duplicate", 1);
    return false;
  }
  if (!decide(a, id, fetched, fetch_done)) store_.mark_rejected(id, a.source);
  return true;
}

bool Pipeline::decide(core::Article& a, const std::string& id, double fetched,
                      std::chrono::steady_clock::time_point fetch_done) {
  std::shared_ptr<const FilterSet> filters;
  {
    std::lock_guard lock(mu_);
    filters = filters_;
  }
  classify::Verdict v = filters ? best_verdict(*filters, document_for(a, id)) : classify::Verdict{};
  if (!v.match) return false;
  publish_match(a, id, v, fetched, fetch_done);
  return true;
}

void Pipeline::publish_match(core::Article& a, const std::string& id, const classify::Verdict& v, double fetched,
                             std::chrono::steady_clock::time_point fetch_done) {
  metrics_.items(a.source, "matched", 1);
  metrics_.matched(v.profile);
  metrics_.board().matched({fetched, a.source, a.title, a.link, v.profile, v.stage, v.score});
  a.summary = truncate_utf8(parse::html_to_text(a.summary.empty() ? a.content : a.summary), kMaxSummaryChars);
  // The text as classified, for the message: the page's main text as extracted (plain already),
  // else the feed's content or summary.
  a.content = truncate_utf8(a.content_from_page ? std::move(a.content)
                                                : parse::html_to_text(a.content.empty() ? a.summary : a.content),
                            kMaxTextBytes);
  publish::Message m = build_message(a, id, v, fetched);
  // Durable before produce: nothing reaches Kafka that the spool does not hold, and a crash from
  // here on replays the item at the next start. The lock keeps a replay (after a fatal producer
  // error) from producing this item a second time between the two steps.
  std::lock_guard produce_lock(produce_mu_);
  if (!spool(id, a.source, dedup::Pending{id, m.value, m.headers})) return;
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
