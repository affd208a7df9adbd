#include "metrics/status_board.h"

#include <cmath>
#include <ctime>
#include <sstream>

#include "core/version.h"

namespace metrics {
namespace {

std::string escape(const std::string& s) {
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string utc(double t) {
  if (t <= 0) return "never";
  std::time_t secs = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%SZ", &tm);
  return buf;
}

// "in 12 s" / "3 s ago": how far `t` is from `now`.
std::string relative(double t, double now) {
  if (t <= 0) return "";
  long d = std::lround(t - now);
  return d > 0 ? " (in " + std::to_string(d) + " s)" : " (" + std::to_string(-d) + " s ago)";
}

bool is_success(const std::string& outcome) { return outcome == "ok" || outcome == "not_modified"; }

const char* kStyle =
    "body{font-family:sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse;margin-bottom:1.5em}"
    "th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}th{background:#eee}"
    ".ok{color:#17702a}.bad{color:#b00020;font-weight:bold}.pending{color:#777}";

void source_rows(std::ostringstream& out, const std::vector<SourceStatus>& sources, double now) {
  out << "<h2>Sources (" << sources.size() << ")</h2>\n<table id=\"sources\">\n"
      << "<tr><th>source</th><th>last fetch</th><th>outcome</th><th>error</th><th>failures in a row</th>"
         "<th>next poll</th></tr>\n";
  for (const auto& s : sources) {
    const char* cls = s.outcome.empty() ? "pending" : is_success(s.outcome) ? "ok" : "bad";
    std::string outcome = s.outcome.empty() ? "not yet fetched" : s.outcome;
    if (s.http_status) outcome += " (HTTP " + std::to_string(s.http_status) + ")";
    out << "<tr><td><a href=\"" << escape(s.url) << "\">" << escape(s.name) << "</a></td><td>"
        << utc(s.last_fetch) << relative(s.last_fetch, now) << "</td><td class=\"" << cls << "\">"
        << escape(outcome) << "</td><td>" << escape(s.error) << "</td><td>" << s.consecutive_failures
        << "</td><td>" << utc(s.next_poll) << relative(s.next_poll, now) << "</td></tr>\n";
  }
  out << "</table>\n";
}

void match_rows(std::ostringstream& out, const std::vector<MatchStatus>& matches) {
  out << "<h2>Latest matches</h2>\n";
  if (matches.empty()) {
    out << "<p id=\"matches\">No match since the daemon started.</p>\n";
    return;
  }
  out << "<table id=\"matches\">\n<tr><th>matched</th><th>title</th><th>source</th><th>profile</th>"
         "<th>stage</th><th>score</th></tr>\n";
  for (const auto& m : matches) {
    char score[16];
    std::snprintf(score, sizeof score, "%.2f", m.score);
    out << "<tr><td>" << utc(m.time) << "</td><td><a href=\"" << escape(m.url) << "\">" << escape(m.title)
        << "</a></td><td>" << escape(m.source) << "</td><td>" << escape(m.profile) << "</td><td>"
        << escape(m.stage) << "</td><td>" << score << "</td></tr>\n";
  }
  out << "</table>\n";
}

}  // namespace

void StatusBoard::set_sources(const std::vector<std::pair<std::string, std::string>>& sources) {
  std::lock_guard lock(mu_);
  std::map<std::string, SourceStatus> next;
  for (const auto& [name, url] : sources) {
    auto it = sources_.find(name);
    SourceStatus s = it != sources_.end() ? it->second : SourceStatus{};
    s.name = name;
    s.url = url;
    next[name] = std::move(s);
  }
  sources_ = std::move(next);
}

void StatusBoard::fetched(const SourceStatus& status) {
  std::lock_guard lock(mu_);
  auto it = sources_.find(status.name);
  if (it == sources_.end()) return;
  std::string url = it->second.url;
  it->second = status;
  if (it->second.url.empty()) it->second.url = url;
}

void StatusBoard::matched(const MatchStatus& match) {
  std::lock_guard lock(mu_);
  matches_.push_front(match);
  if (matches_.size() > kLatestMatches) matches_.pop_back();
}

std::vector<SourceStatus> StatusBoard::sources() const {
  std::lock_guard lock(mu_);
  std::vector<SourceStatus> out;
  for (const auto& [name, s] : sources_) out.push_back(s);
  return out;
}

std::vector<MatchStatus> StatusBoard::matches() const {
  std::lock_guard lock(mu_);
  return {matches_.begin(), matches_.end()};
}

std::string render_status_page(const StatusBoard& board, bool ready, double now) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>newswatchd status</title>"
      << "<meta http-equiv=\"refresh\" content=\"10\"><style>" << kStyle << "</style></head><body>\n"
      << "<h1>newswatchd " << escape(core::kVersion) << "</h1>\n<p>" << (ready ? "ready" : "not ready")
      << " &middot; " << utc(now) << " &middot; <a href=\"/metrics\">/metrics</a> &middot; "
      << "<a href=\"/healthz\">/healthz</a> &middot; <a href=\"/readyz\">/readyz</a></p>\n";
  source_rows(out, board.sources(), now);
  match_rows(out, board.matches());
  out << "</body></html>\n";
  return out.str();
}

}  // namespace metrics
