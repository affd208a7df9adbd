// canonical_url(): parse just enough of an absolute URL to normalise the parts that vary between
// links to the same article. Anything that does not look like scheme://host… is left alone.
#include <algorithm>
#include <iterator>
#include <cctype>
#include <optional>
#include <string>
#include <vector>

#include "dedup/item_id.h"

namespace dedup {
namespace {

struct UrlParts {
  std::string scheme, userinfo, host, port, path, query;
};

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool valid_scheme(std::string_view s) {
  if (s.empty() || !std::isalpha(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '+' || c == '-' || c == '.';
  });
}

// Splits "user@host:port" (IPv6 literals in brackets keep their colons).
bool split_authority(std::string_view auth, UrlParts& u) {
  if (auto at = auth.rfind('@'); at != std::string_view::npos) {
    u.userinfo = auth.substr(0, at);
    auth.remove_prefix(at + 1);
  }
  std::size_t host_end = auth.size();
  if (!auth.empty() && auth[0] == '[') {
    host_end = auth.find(']');
    if (host_end == std::string_view::npos) return false;
    ++host_end;
  } else if (auto colon = auth.find(':'); colon != std::string_view::npos) {
    host_end = colon;
  }
  u.host = lower(auth.substr(0, host_end));
  if (host_end < auth.size()) {
    if (auth[host_end] != ':') return false;
    u.port = auth.substr(host_end + 1);
    if (!std::all_of(u.port.begin(), u.port.end(), [](unsigned char c) { return std::isdigit(c); }))
      return false;
  }
  return !u.host.empty();
}

std::optional<UrlParts> parse(std::string_view url) {
  auto sep = url.find("://");
  if (sep == std::string_view::npos || !valid_scheme(url.substr(0, sep))) return std::nullopt;
  UrlParts u;
  u.scheme = lower(url.substr(0, sep));
  url.remove_prefix(sep + 3);
  url = url.substr(0, url.find('#'));  // the fragment never reaches the server
  auto auth_end = std::min(url.find_first_of("/?"), url.size());
  if (!split_authority(url.substr(0, auth_end), u)) return std::nullopt;
  url.remove_prefix(auth_end);
  auto q = std::min(url.find('?'), url.size());
  u.path = url.substr(0, q);
  if (q < url.size()) u.query = url.substr(q + 1);
  return u;
}

bool is_default_port(const UrlParts& u) {
  return u.port.empty() || (u.scheme == "http" && u.port == "80") ||
         (u.scheme == "https" && u.port == "443");
}

// Parameters that identify a campaign or a click, not the article.
bool is_tracking_param(std::string_view param) {
  std::string key = lower(param.substr(0, param.find('=')));
  if (key.rfind("utm_", 0) == 0) return true;
  static constexpr std::string_view kTracking[] = {"fbclid",
                                                   "gclid",
                                                   "yclid",
                                                   "dclid",
                                                   "msclkid",
                                                   "mc_cid",
                                                   "mc_eid",
                                                   "_ga",
                                                   "_gl",
                                                   "ref",
                                                   "ref_src",
                                                   "cmpid",
                                                   "igshid",
                                                   "ocid",
                                                   "smid",
                                                   "smtyp",
                                                   "at_medium",
                                                   "at_campaign",
                                                   "__twitter_impression"};
  return std::find(std::begin(kTracking), std::end(kTracking), key) != std::end(kTracking);
}

std::string canonical_query(std::string_view query) {
  std::vector<std::string_view> kept;
  while (!query.empty()) {
    auto amp = std::min(query.find('&'), query.size());
    auto param = query.substr(0, amp);
    if (!param.empty() && !is_tracking_param(param)) kept.push_back(param);
    query.remove_prefix(std::min(amp + 1, query.size()));
  }
  std::sort(kept.begin(), kept.end());
  std::string out;
  for (auto p : kept) (out += out.empty() ? "" : "&") += p;
  return out;
}

}  // namespace

std::string canonical_url(std::string_view url) {
  auto u = parse(url);
  if (!u) return std::string(url);
  std::string out = u->scheme + "://";
  if (!u->userinfo.empty()) out += u->userinfo + "@";
  out += u->host;
  if (!is_default_port(*u)) out += ":" + u->port;
  out += u->path.empty() ? "/" : u->path;
  if (auto q = canonical_query(u->query); !q.empty()) out += "?" + q;
  return out;
}

}  // namespace dedup
