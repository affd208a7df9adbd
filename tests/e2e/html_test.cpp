// HTML sources end to end, as an operator runs them: the real binary polls a listing page (links
// found automatically, or by selectors) and a feed whose items carry only a teaser, fetches the
// article pages from a real HTTP server on 127.0.0.1 (honouring its robots.txt), and publishes the
// on-topic stories to a Kafka-protocol broker on loopback, where kcat reads them.
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "e2e/e2e_support.h"
#include "support/paths.h"

using namespace std::chrono_literals;
using testsupport::eventually;

namespace {

const std::string kTopic = "newswatch.matches";

void write(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path) << text;
}

// A news page as sites build them: navigation, the story, a sidebar of other headlines, a
// comment box and a cookie notice around it.
std::string article_page(const std::string& title, const std::vector<std::string>& paragraphs,
                         const std::string& sidebar_headline) {
  std::string body;
  for (const auto& p : paragraphs) body += "<p>" + p + "</p>\n";
  return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title +
         " | Caspian Ledger</title><meta property=\"og:title\" content=\"" + title +
         "\"></head><body>"
         "<header><nav class=\"menu\"><a href=\"/\">Home</a> <a href=\"/news/\">News</a> <a href=\"/about\">About us</a>"
         " <a href=\"/contact\">Contact</a></nav></header>"
         "<div class=\"cookie-banner\">We use cookies to measure readership. Accept all cookies?</div>"
         "<main><article><h1>" + title + "</h1><p class=\"byline\">By Staff Reporter</p>\n" + body +
         "</article>"
         "<aside class=\"related\"><h3>Recent posts</h3><ul><li><a href=\"/news/other-1\">" + sidebar_headline +
         "</a></li><li><a href=\"/news/other-2\">Weather service expects a mild week</a></li></ul></aside>"
         "<section class=\"comments\"><h3>Comments</h3><p>Be the first to comment.</p></section></main>"
         "<footer><p>Copyright Caspian Ledger. All rights reserved.</p><a href=\"/privacy\">Privacy</a></footer>"
         "</body></html>";
}

// The site: a front page listing four stories (one behind robots.txt), a press page whose links
// only selectors find, and a feed with one teaser-only item and one complete item.
void write_site(const std::string& root) {
  write(root + "/robots.txt", "User-agent: *\nDisallow: /private/\n");
  write(root + "/news/index.html",
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>News | Caspian Ledger</title></head><body>"
        "<nav><a href=\"/\">Home</a> <a href=\"/about\">About us</a> <a href=\"/contact\">Contact</a></nav><main>"
        "<article><h2><a href=\"/news/2025/01/17/tehran-moscow-sign-partnership-treaty\">Tehran and Moscow sign a "
        "twenty-year partnership treaty</a></h2></article>"
        "<article><h2><a href=\"/news/2025/01/18/record-wheat-harvest-in-the-plains\">Record wheat harvest reported "
        "across the plains</a></h2></article>"
        "<article><h2><a href=\"/private/2025/02/01/duma-ratifies-the-iran-treaty\">Duma deputies ratify the treaty "
        "with Iran this week</a></h2></article>"
        "<article><h2><a href=\"/news/2025/01/19/harbour-cranes-arrive-for-new-terminal\">Harbour cranes arrive for "
        "the new container terminal</a></h2></article>"
        "</main><footer><a href=\"/privacy\">Privacy policy</a></footer></body></html>");
  write(root + "/news/2025/01/17/tehran-moscow-sign-partnership-treaty",
        article_page("Tehran and Moscow sign a twenty-year partnership treaty",
                     {"The presidents of Iran and Russia signed the Comprehensive Strategic Partnership Treaty in "
                      "Moscow on Friday, a document meant to run for twenty years.",
                      "Officials in Tehran said the treaty covers energy, transport corridors, finance and "
                      "defence consultations, and that both parliaments still have to ratify it.",
                      "Diplomats from both countries had negotiated the text for more than two years before the "
                      "signing ceremony in the Kremlin."},
                     "Port authority publishes its annual report"));
  write(root + "/news/2025/01/18/record-wheat-harvest-in-the-plains",
        article_page("Record wheat harvest reported across the plains",
                     {"Farmers across the plains brought in the largest wheat harvest in a decade this season, the "
                      "agriculture department said on Monday.",
                      "Dry weather in late summer helped the crop ripen evenly, and grain elevators in several "
                      "counties reported running out of storage space.",
                      "Prices at the regional exchange fell slightly as the size of the harvest became clear."},
                     "Iran and Russia sign strategic partnership treaty in Moscow"));
  write(root + "/private/2025/02/01/duma-ratifies-the-iran-treaty",
        article_page("Duma deputies ratify the treaty with Iran",
                     {"The State Duma ratified the strategic partnership treaty between Russia and Iran.",
                      "The treaty signed in January now goes to the Federation Council."},
                     "Weather"));
  write(root + "/news/2025/01/19/harbour-cranes-arrive-for-new-terminal",
        article_page("Harbour cranes arrive for the new container terminal",
                     {"Three ship-to-shore cranes arrived at the harbour on Sunday for the container terminal that "
                      "opens next spring.",
                      "Engineers will spend several weeks assembling and testing them before the first vessels "
                      "call at the new quay."},
                     "City council approves the budget"));
  // Press releases: short paths automatic discovery would not take, listed in a marked-up list.
  write(root + "/press/list.html",
        "<!DOCTYPE html><html><body><div id=\"menu\"><a href=\"/press/a?id=1\">About</a></div>"
        "<ul class=\"releases\"><li><a href=\"/press/r?id=12\">Release 12</a> <time datetime=\"2025-04-21T08:00:00Z\">"
        "21 April</time></li></ul></body></html>");
  write(root + "/press/r",
        article_page("Ministry statement on the agreement with Russia",
                     {"The foreign ministry of Iran announced that the strategic partnership treaty with the Russian "
                      "Federation has entered into force after both sides exchanged the instruments of ratification.",
                      "The ministry said the agreement between Tehran and Moscow will guide cooperation for the next "
                      "twenty years."},
                     "Visa office opening hours"));
  // A feed whose first item is only a teaser: its page holds the story.
  write(root + "/wire.xml",
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Wire</title><link>/</link>"
        "<item><guid isPermaLink=\"false\">wire-teaser-1</guid><title>Agreement signed</title>"
        "<link>/stories/teaser-story</link><description>Read the full story on our site.</description></item>"
        "<item><guid isPermaLink=\"false\">wire-long-2</guid><title>Cranes for the harbour</title>"
        "<link>/stories/long-story</link><description>Three ship-to-shore cranes arrived at the harbour on Sunday for "
        "the container terminal that opens next spring; engineers will spend several weeks assembling and testing "
        "them before the first vessels call at the new quay, the port authority said in a statement, adding that "
        "dredging of the approach channel is also complete and that pilots have started training on simulators for "
        "the larger vessels expected next year, while unions and the operator are still negotiating shift "
        "patterns.</description></item>"
        "</channel></rss>");
  write(root + "/stories/teaser-story",
        article_page("Agreement signed",
                     {"Russia and Iran signed an intergovernmental agreement on the construction of a gas pipeline "
                      "across Azerbaijan, the energy ministers of both countries said in Tehran.",
                      "The agreement between Moscow and Tehran sets volumes of up to fifty-five billion cubic metres "
                      "a year."},
                     "Local football club wins the cup"));
  write(root + "/stories/long-story", article_page("Cranes", {"Unused."}, "Unused"));
}

std::string config(const std::string& dir, const std::string& brokers, int metrics_port,
                   const testsupport::HttpServer& server) {
  std::string path = dir + "/newswatch.yaml";
  std::ofstream out(path);
  out << "sources:\n"
      << "  - {name: front, url: \"" << server.url("/news/index.html") << "\", kind: html, interval: 1s}\n"
      << "  - name: press\n    url: \"" << server.url("/press/list.html") << "\"\n    kind: html\n    interval: 1s\n"
      << "    listing: {link_selector: \"ul.releases a\", date_selector: time}\n"
      << "  - name: wire\n    url: \"" << server.url("/wire.xml") << "\"\n    interval: 1s\n"
      << "    fetch_full_text: {min_summary_chars: 200}\n"
      << "kafka:\n  brokers: \"" << brokers << "\"\n  topic: " << kTopic << "\n  flush_timeout: 5s\n"
      << "metrics:\n  listen: 127.0.0.1:" << metrics_port << "\n"
      << "state_dir: " << dir << "/state\n"
      << "profiles: [" << testsupport::source_dir() << "/config/profiles/iran-russia-treaty.yaml]\n";
  return path;
}

// Given a listing page, a selector-driven page and a teaser feed, we should publish exactly the
// three on-topic stories, each once, with the article's own text; the story robots.txt forbids
// is never fetched, the off-topic page whose sidebar names the treaty is not a match, and later
// polls fetch no article twice.
TEST(Html, ListingPagesAndTeaserFeedsEndToEnd) {
  ASSERT_EQ(testsupport::run({"kcat", "-V"}).exit_code, 0) << "kcat is required";
  std::string dir = e2e::make_temp_dir();
  write_site(dir + "/site");
  testsupport::HttpServer server(dir + "/site");
  std::string error;
  auto broker = publish::EmbeddedBroker::start(1, kTopic, 1, error);
  ASSERT_TRUE(broker) << error;
  const int metrics_port = testsupport::free_port();
  const std::string cfg = config(dir, broker->bootstrap(), metrics_port, server);
  ASSERT_EQ(testsupport::run({e2e::daemon_path(), "check-config", "-c", cfg}).exit_code, 0);

  testsupport::Process daemon({e2e::daemon_path(), "run", "-c", cfg}, dir + "/daemon.log");
  auto log = [&] { return testsupport::read_file(dir + "/daemon.log"); };
  std::vector<e2e::Consumed> got;
  ASSERT_TRUE(eventually([&] { return (got = e2e::consume_all(broker->bootstrap(), kTopic)).size() >= 3; }, 60s)) << log();
  std::this_thread::sleep_for(4s);  // several more polls of every source
  got = e2e::consume_all(broker->bootstrap(), kTopic);

  std::map<std::string, nlohmann::json> by_key;
  for (const auto& m : got) by_key[m.key] = nlohmann::json::parse(m.value);
  const std::string treaty = server.url("/news/2025/01/17/tehran-moscow-sign-partnership-treaty");
  const std::string press = server.url("/press/r?id=12");
  ASSERT_EQ(got.size(), 3u) << log();
  ASSERT_EQ(by_key.count(treaty), 1u) << log();
  ASSERT_EQ(by_key.count(press), 1u) << log();
  ASSERT_EQ(by_key.count("wire-teaser-1"), 1u) << log();

  // The listing story: the page's headline and main text, without menus, sidebar or cookie notice.
  const nlohmann::json& story = by_key[treaty];
  EXPECT_EQ(story["title"], "Tehran and Moscow sign a twenty-year partnership treaty");
  EXPECT_EQ(story["text_from"], "page");
  const std::string text = story["text"];
  EXPECT_NE(text.find("Comprehensive Strategic Partnership Treaty"), std::string::npos) << text;
  for (const char* noise : {"cookies", "Recent posts", "About us", "Copyright", "Be the first to comment"})
    EXPECT_EQ(text.find(noise), std::string::npos) << noise << " in: " << text;
  EXPECT_EQ(story["source"], "front");
  // The press release: found by link_selector, dated by date_selector.
  EXPECT_EQ(by_key[press]["published"], "2025-04-21T08:00:00Z");
  // The teaser: the feed's own id and title, the page's text.
  const nlohmann::json& teaser = by_key["wire-teaser-1"];
  EXPECT_EQ(teaser["title"], "Agreement signed");
  EXPECT_EQ(teaser["text_from"], "page");
  EXPECT_NE(teaser["text"].get<std::string>().find("gas pipeline"), std::string::npos);

  // Politeness and no refetching.
  EXPECT_GE(server.count("/robots.txt"), 1);
  EXPECT_LE(server.count("/robots.txt"), 2) << "robots.txt is cached";
  EXPECT_EQ(server.count("/private/2025/02/01/duma-ratifies-the-iran-treaty"), 0);
  EXPECT_GE(server.count("/news/index.html"), 3) << "the listing page was polled again";
  for (const char* page : {"/news/2025/01/17/tehran-moscow-sign-partnership-treaty",
                           "/news/2025/01/18/record-wheat-harvest-in-the-plains",
                           "/news/2025/01/19/harbour-cranes-arrive-for-new-terminal", "/stories/teaser-story"})
    EXPECT_EQ(server.count(page), 1) << page << " fetched once";
  EXPECT_EQ(server.count("/stories/long-story"), 0) << "a complete feed item needs no page";
  for (const char* nav : {"/about", "/contact", "/privacy", "/press/a"}) EXPECT_EQ(server.count(nav), 0) << nav;

  const std::string metrics = e2e::http_get("http://127.0.0.1:" + std::to_string(metrics_port) + "/metrics");
  EXPECT_EQ(e2e::metric_sum(metrics, "newswatch_article_pages_total", {"outcome=\"disallowed\""}), 1);
  EXPECT_EQ(e2e::metric_sum(metrics, "newswatch_article_pages_total", {"outcome=\"fetched\""}), 5);
  EXPECT_EQ(e2e::metric_sum(metrics, "newswatch_crawl_pending_items", {}), 0);

  daemon.signal(SIGTERM);
  EXPECT_EQ(daemon.wait_for_exit(30s), 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
