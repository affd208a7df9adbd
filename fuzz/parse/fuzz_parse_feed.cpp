// libFuzzer entry: parse_feed with HTTP context bits taken from the input, then everything the
// pipeline does with the result (articles, conformance JSON, text of each entry). The daemon's
// cheaper parse (Detail::articles) must give the very same Articles, and its one-pass reader
// the very Feed the DOM reader gives: a difference aborts.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "parse/parser.h"
#include "parse/stream_reader.h"

namespace {

constexpr std::string_view kContentTypes[] = {
    "", "application/rss+xml", "text/xml", "text/plain", "application/xml; charset=utf-8",
    "text/xml; charset=windows-1251", "application/atom+xml; charset=\"iso-8859-1\"",
    "application/feed+json", "text/html; charset=utf-16", "application/xml; charset=koi8-r"};
constexpr std::string_view kUrls[] = {"", "http://example.test/feeds/a.xml", "https://x.test/?q=1#f",
                                      "ftp://weird", "not a url"};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  parse::HttpContext http;
  http.content_type = kContentTypes[data[0] % std::size(kContentTypes)];
  http.url = kUrls[(data[0] / 16) % std::size(kUrls)];
  if (data[1] & 1) http.content_location = "../other/";
  if (data[1] & 2) http.content_language = "fa";
  const std::optional<core::UnixSeconds> now =
      (data[1] & 4) ? std::optional<core::UnixSeconds>(1737108000) : std::nullopt;
  const std::string_view bytes(reinterpret_cast<const char*>(data + 2), size - 2);
  parse::Feed feed = parse::parse_feed(bytes, http, now);
  (void)parse::to_conformance_json(feed);
  for (const parse::Entry& e : feed.entries) (void)parse::html_to_text(e.content);
  const auto articles = parse::to_articles(std::move(feed), "fuzz");
  using parse::Detail;
  using parse::XmlReader;
  const parse::Feed any = parse::parse_feed(bytes, http, now, Detail::articles, XmlReader::kStreamWhenPossible);
  const parse::Feed dom = parse::parse_feed(bytes, http, now, Detail::articles, XmlReader::kDomOnly);
  if (parse::to_articles(any, "fuzz") != articles) std::abort();
  if (parse::to_articles(dom, "fuzz") != articles || any.bozo_message != dom.bozo_message ||
      any.bad_dates != dom.bad_dates || any.ttl_seconds != dom.ttl_seconds ||
      parse::to_conformance_json(any) != parse::to_conformance_json(dom)) {
    std::abort();
  }
  return 0;
}
