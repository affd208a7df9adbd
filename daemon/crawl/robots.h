// robots.txt (RFC 9309): the rules of one site for one user agent. Pure; thread-safe once built.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crawl {

/// robots.txt rules for one user agent (the group naming it, else '*').
class Robots {
 public:
  /// Parses robots.txt text; anything unparsable is ignored (allow-all when nothing applies).
  Robots(std::string_view robots_txt, std::string_view user_agent);
  /// True when `path` (path + query of a URL) may be fetched: longest match wins, Allow on ties.
  bool allowed(std::string_view path) const;
  /// The Crawl-delay of the chosen group, in seconds, if any.
  std::optional<double> crawl_delay() const { return crawl_delay_; }

 private:
  struct Rule {
    std::string pattern;
    bool allow;
  };
  std::vector<Rule> rules_;
  std::optional<double> crawl_delay_;
};

}  // namespace crawl
