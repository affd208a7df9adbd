// robots.txt (RFC 9309): groups by user agent, longest-match Allow/Disallow with * and $.
#include "crawl/robots.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>

namespace crawl {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return std::string(s);
}

// '*' matches any run, a final '$' anchors the end; otherwise a prefix match. Greedy with one
// backtrack point (the last '*'), so hostile patterns stay linear-ish.
bool pattern_matches(std::string_view pat, std::string_view path) {
  bool anchored = !pat.empty() && pat.back() == '$';
  if (anchored) pat.remove_suffix(1);
  std::size_t p = 0, s = 0, star = std::string_view::npos, mark = 0;
  while (true) {
    if (p < pat.size() && pat[p] == '*') {
      star = p++;
      mark = s;
    } else if (p == pat.size() && (!anchored || s == path.size())) {
      return true;
    } else if (p < pat.size() && s < path.size() && pat[p] == path[s]) {
      ++p, ++s;
    } else if (star != std::string_view::npos && mark < path.size()) {
      p = star + 1;
      s = ++mark;
    } else {
      return false;
    }
  }
}

}  // namespace

Robots::Robots(std::string_view text, std::string_view user_agent) {
  std::string product = lower(user_agent.substr(0, user_agent.find_first_of("/ ")));
  struct Group {
    std::vector<std::string> agents;
    std::vector<Rule> rules;
    std::optional<double> delay;
  };
  std::vector<Group> groups;
  bool in_agents = false;
  std::size_t lines = 0;
  while (!text.empty() && ++lines < 100000) {
    std::size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    if (auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string key = lower(trim(line.substr(0, colon)));
    std::string value = trim(line.substr(colon + 1));
    if (key == "user-agent") {
      if (!in_agents) groups.emplace_back();
      in_agents = true;
      groups.back().agents.push_back(lower(value));
      continue;
    }
    if (groups.empty()) continue;
    in_agents = false;
    if (key == "allow" || key == "disallow") {
      if (!value.empty() || key == "allow") groups.back().rules.push_back(Rule{value, key == "allow"});
    } else if (key == "crawl-delay") {
      char* end = nullptr;
      double d = std::strtod(value.c_str(), &end);
      if (end != value.c_str() && d >= 0) groups.back().delay = d;
    }
  }
  // The group naming the longest agent token contained in our product token, else '*'.
  std::size_t best = 0;
  bool specific = false;
  for (const auto& g : groups)
    for (const auto& a : g.agents)
      if (a != "*" && !a.empty() && product.find(a) != std::string::npos) best = std::max(best, a.size()), specific = true;
  for (const auto& g : groups) {
    bool chosen = false;
    for (const auto& a : g.agents)
      chosen = chosen || (specific ? (a.size() == best && product.find(a) != std::string::npos) : a == "*");
    if (!chosen) continue;
    rules_.insert(rules_.end(), g.rules.begin(), g.rules.end());
    if (g.delay) crawl_delay_ = g.delay;
  }
}

bool Robots::allowed(std::string_view path) const {
  if (path.empty()) path = "/";
  if (path == "/robots.txt") return true;
  const Rule* best = nullptr;
  for (const Rule& r : rules_) {
    if (!pattern_matches(r.pattern, path)) continue;
    if (!best || r.pattern.size() > best->pattern.size() || (r.pattern.size() == best->pattern.size() && r.allow))
      best = &r;
  }
  return !best || best->allow;
}

}  // namespace crawl
