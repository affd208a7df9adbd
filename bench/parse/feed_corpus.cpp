#include "feed_corpus.h"

#include <array>
#include <random>
#include <string_view>

namespace benchparse {
namespace {

// Our own vocabularies (no real articles): plain words per language.
constexpr std::array<std::string_view, 40> kEnglish{
    "ministers", "signed",   "a",        "framework", "agreement", "on",       "energy",
    "transit",   "and",      "the",      "delegation", "met",      "in",       "capital",
    "talks",     "continued", "after",   "officials", "said",      "that",     "cooperation",
    "would",     "expand",   "across",   "sectors",   "including", "banking",  "logistics",
    "grain",     "corridor", "parliament", "ratified", "document", "yesterday", "spokesperson",
    "confirmed", "details",  "remain",   "unclear",   "analysts"};
constexpr std::array<std::string_view, 24> kRussian{
    "министры", "подписали", "соглашение", "о",        "сотрудничестве", "в",
    "области",  "энергетики", "и",        "транспорта", "делегация",     "прибыла",
    "столицу",  "переговоры", "продолжились", "после", "заявления",      "парламент",
    "ратифицировал", "договор", "ещё",    "пока",      "неясно",         "всё"};
constexpr std::array<std::string_view, 20> kLatin1{
    "les",      "ministres", "ont",   "signé",   "un",     "accord",  "économique",
    "à",        "Téhéran",   "après", "négociations", "für", "Verträge", "über",
    "Zusammenarbeit", "größere", "Straße", "señal", "año", "déjà"};
constexpr std::array<std::string_view, 16> kPersian{
    "وزیران", "توافق", "همکاری", "امضا", "کردند", "در", "زمینه", "انرژی",
    "و",      "حمل",   "نقل",    "هیئت", "پارلمان", "معاهده", "را", "تصویب"};
constexpr std::array<std::string_view, 6> kZones{"GMT", "+0300", "+0330", "-0500", "MSK", "Z"};

enum class Lang { kEnglish, kRussian, kLatin1, kPersian };

class Writer {
 public:
  Writer(unsigned seed, Lang lang) : rng_(seed), lang_(lang) {}

  std::string_view word() {
    switch (lang_) {
      case Lang::kRussian: return pick(kRussian);
      case Lang::kLatin1: return pick(kLatin1);
      case Lang::kPersian: return rng_() % 3 == 0 ? pick(kEnglish) : pick(kPersian);
      case Lang::kEnglish: break;
    }
    return pick(kEnglish);
  }

  std::string sentence(int min_words, int max_words) {
    std::string s;
    const int n = min_words + static_cast<int>(rng_() % static_cast<unsigned>(max_words - min_words + 1));
    for (int i = 0; i < n; ++i) {
      if (i > 0) s += ' ';
      s += word();
    }
    s += '.';
    return s;
  }

  // A paragraph-rich HTML body, the way CMSs write content:encoded.
  std::string html(int paragraphs) {
    std::string s;
    for (int p = 0; p < paragraphs; ++p) {
      s += "<p>";
      s += sentence(8, 20);
      switch (rng_() % 5) {
        case 0: s += " <a href=\"/story/" + std::to_string(rng_() % 10000) + "?ref=rss&amp;x=1\">" + sentence(2, 4) + "</a>"; break;
        case 1: s += " <strong>" + sentence(2, 5) + "</strong> &mdash; " + sentence(4, 9); break;
        case 2: s += " <img src=\"https://img.example.test/" + std::to_string(rng_() % 999) + ".jpg\" alt=\"\" width=\"640\" />"; break;
        case 3: s += " &laquo;" + sentence(3, 6) + "&raquo; &#8230;"; break;
        default: s += " " + sentence(5, 12); break;
      }
      s += "</p>\n";
    }
    return s;
  }

  std::string rfc822(int i) {
    static constexpr std::array<std::string_view, 7> days{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02d %s 2025 %02d:%02d:%02d %s", days[i % 7].data(), 1 + i % 28,
                  months[(i / 28) % 12].data(), i % 24, (i * 7) % 60, (i * 13) % 60,
                  kZones[rng_() % kZones.size()].data());
    return buf;
  }

  std::string iso(int i) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "2025-%02d-%02dT%02d:%02d:%02d+03:00", 1 + (i / 28) % 12, 1 + i % 28, i % 24,
                  (i * 7) % 60, (i * 11) % 60);
    return buf;
  }

  unsigned next() { return rng_(); }

 private:
  template <std::size_t N>
  std::string_view pick(const std::array<std::string_view, N>& a) { return a[rng_() % N]; }

  std::mt19937 rng_;
  Lang lang_;
};

std::string escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (const char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string json_escape(std::string_view s) {
  std::string out;
  for (const char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string rss20(Writer& w, int items, std::string_view encoding, std::string_view lang) {
  std::string s = "<?xml version=\"1.0\" encoding=\"" + std::string(encoding) + "\"?>\n";
  s += "<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
       "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:media=\"http://search.yahoo.com/mrss/\" "
       "xmlns:atom=\"http://www.w3.org/2005/Atom\">\n<channel>\n";
  s += "  <title>" + escape(w.sentence(2, 4)) + "</title>\n  <link>https://news.example.test/</link>\n";
  s += "  <description>" + escape(w.sentence(6, 12)) + "</description>\n  <language>" + std::string(lang) +
       "</language>\n";
  s += "  <atom:link href=\"https://news.example.test/rss\" rel=\"self\" type=\"application/rss+xml\"/>\n";
  s += "  <lastBuildDate>" + w.rfc822(0) + "</lastBuildDate>\n";
  for (int i = 0; i < items; ++i) {
    const std::string id = std::to_string(w.next() % 1000000);
    s += "  <item>\n    <title>" + escape(w.sentence(5, 12)) + "</title>\n";
    s += "    <link>https://news.example.test/" + id + "/story.html?utm_source=rss</link>\n";
    s += "    <guid isPermaLink=\"false\">urn:news:" + id + "</guid>\n";
    s += "    <description>" + escape(w.html(1)) + "</description>\n";
    if (w.next() % 4 != 0) s += "    <content:encoded><![CDATA[" + w.html(4 + static_cast<int>(w.next() % 6)) + "]]></content:encoded>\n";
    s += "    <dc:creator>" + escape(w.sentence(2, 2)) + "</dc:creator>\n";
    s += "    <pubDate>" + w.rfc822(i) + "</pubDate>\n";
    s += "    <category>" + std::string(w.word()) + "</category><category>" + std::string(w.word()) + "</category>\n";
    if (w.next() % 3 == 0) {
      s += "    <media:content url=\"https://img.example.test/" + id + ".jpg\" medium=\"image\" width=\"1024\"/>\n";
      s += "    <media:thumbnail url=\"https://img.example.test/" + id + "-t.jpg\"/>\n";
    }
    s += "  </item>\n";
  }
  return s + "</channel>\n</rss>\n";
}

std::string atom10(Writer& w, int items) {
  std::string s = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                  "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\" xml:base=\"https://atom.example.test/\">\n";
  s += "  <title type=\"text\">" + escape(w.sentence(2, 4)) + "</title>\n  <id>tag:atom.example.test,2025:feed</id>\n";
  s += "  <link rel=\"alternate\" type=\"text/html\" href=\"/\"/>\n  <link rel=\"self\" href=\"/atom.xml\"/>\n";
  s += "  <updated>" + w.iso(0) + "</updated>\n";
  for (int i = 0; i < items; ++i) {
    const std::string id = std::to_string(w.next() % 1000000);
    s += "  <entry>\n    <title type=\"html\">" + escape(w.sentence(5, 12)) + "</title>\n";
    s += "    <link rel=\"alternate\" type=\"text/html\" href=\"/news/" + id + "\"/>\n";
    s += "    <link rel=\"replies\" href=\"/news/" + id + "#comments\"/>\n";
    s += "    <id>tag:atom.example.test,2025:" + id + "</id>\n";
    s += "    <published>" + w.iso(i) + "</published>\n    <updated>" + w.iso(i + 1) + "</updated>\n";
    s += "    <author><name>" + escape(w.sentence(2, 2)) + "</name><email>desk@example.test</email></author>\n";
    s += "    <category term=\"" + std::string(w.word()) + "\"/>\n";
    s += "    <summary type=\"html\">" + escape(w.html(1)) + "</summary>\n";
    if (w.next() % 2 == 0) {
      s += "    <content type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">" +
           w.html(3 + static_cast<int>(w.next() % 5)) + "</div></content>\n";
    } else {
      s += "    <content type=\"html\">" + escape(w.html(3 + static_cast<int>(w.next() % 5))) + "</content>\n";
    }
    s += "  </entry>\n";
  }
  return s + "</feed>\n";
}

std::string rdf(Writer& w, int items) {
  std::string s = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                  "<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
                  "xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
                  "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n";
  s += "  <channel rdf:about=\"https://rdf.example.test/\">\n    <title>" + escape(w.sentence(2, 4)) +
       "</title>\n    <link>https://rdf.example.test/</link>\n    <description>" + escape(w.sentence(5, 9)) +
       "</description>\n    <dc:date>" + w.iso(0) + "</dc:date>\n  </channel>\n";
  for (int i = 0; i < items; ++i) {
    const std::string url = "https://rdf.example.test/item/" + std::to_string(w.next() % 1000000);
    s += "  <item rdf:about=\"" + url + "\">\n    <title>" + escape(w.sentence(5, 10)) + "</title>\n";
    s += "    <link>" + url + "</link>\n    <description>" + escape(w.html(2)) + "</description>\n";
    s += "    <content:encoded><![CDATA[" + w.html(4) + "]]></content:encoded>\n";
    s += "    <dc:date>" + w.iso(i) + "</dc:date>\n    <dc:subject>" + std::string(w.word()) + "</dc:subject>\n";
    s += "    <dc:creator>" + escape(w.sentence(2, 2)) + "</dc:creator>\n  </item>\n";
  }
  return s + "</rdf:RDF>\n";
}

std::string json_feed(Writer& w, int items) {
  std::string s = "{\"version\": \"https://jsonfeed.org/version/1.1\", \"title\": \"" + json_escape(w.sentence(2, 4)) +
                  "\", \"home_page_url\": \"https://json.example.test/\", \"feed_url\": "
                  "\"https://json.example.test/feed.json\", \"language\": \"en\", \"items\": [\n";
  for (int i = 0; i < items; ++i) {
    const std::string id = std::to_string(w.next() % 1000000);
    if (i > 0) s += ",\n";
    s += "{\"id\": \"" + id + "\", \"url\": \"https://json.example.test/" + id + "\", \"title\": \"" +
         json_escape(w.sentence(5, 12)) + "\", \"content_html\": \"" + json_escape(w.html(5)) +
         "\", \"summary\": \"" + json_escape(w.sentence(8, 16)) + "\", \"date_published\": \"" + w.iso(i) +
         "\", \"authors\": [{\"name\": \"" + json_escape(w.sentence(2, 2)) + "\"}], \"tags\": [\"" +
         std::string(w.word()) + "\"]}";
  }
  return s + "\n]}\n";
}

// UTF-8 -> single-byte charset for the code points our vocabularies use (others become '?').
std::string to_single_byte(std::string_view utf8, bool cp1251) {
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    const char32_t cp = (char32_t(c & 0x1F) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3F);
    i += 2;
    if (!cp1251 && cp >= 0xA0 && cp <= 0xFF) out += static_cast<char>(cp);
    else if (cp1251 && cp >= 0x410 && cp <= 0x44F) out += static_cast<char>(0xC0 + (cp - 0x410));
    else if (cp1251 && cp == 0x401) out += '\xA8';
    else if (cp1251 && cp == 0x451) out += '\xB8';
    else out += '?';
  }
  return out;
}

}  // namespace

std::vector<CorpusFeed> make_corpus(std::size_t target_bytes, unsigned seed) {
  std::vector<CorpusFeed> out;
  std::size_t total = 0;
  for (unsigned n = 0; total < target_bytes; ++n) {
    const unsigned kind = n % 8;
    const std::string suffix = std::to_string(n) + (kind == 7 ? ".json" : ".xml");
    const int items = 60 + static_cast<int>((seed + n * 37) % 60);
    CorpusFeed f;
    switch (kind) {
      case 0: case 1: {
        Writer w(seed + n, Lang::kEnglish);
        f = {"rss20-utf8-" + suffix, "application/rss+xml; charset=utf-8", rss20(w, items, "utf-8", "en")};
        break;
      }
      case 2: {
        Writer w(seed + n, Lang::kRussian);
        f = {"rss20-cp1251-" + suffix, "text/xml; charset=windows-1251",
             to_single_byte(rss20(w, items, "windows-1251", "ru"), true)};
        break;
      }
      case 3: {
        Writer w(seed + n, Lang::kLatin1);
        f = {"rss20-latin1-" + suffix, "", to_single_byte(rss20(w, items, "iso-8859-1", "fr"), false)};
        break;
      }
      case 4: case 5: {
        Writer w(seed + n, kind == 5 ? Lang::kPersian : Lang::kEnglish);
        f = {"atom10-" + suffix, "application/atom+xml", atom10(w, items)};
        break;
      }
      case 6: {
        Writer w(seed + n, Lang::kEnglish);
        f = {"rdf-" + suffix, "application/rdf+xml", rdf(w, items)};
        break;
      }
      default: {
        Writer w(seed + n, Lang::kEnglish);
        f = {"jsonfeed-" + suffix, "application/feed+json", json_feed(w, items)};
        break;
      }
    }
    total += f.bytes.size();
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace benchparse
