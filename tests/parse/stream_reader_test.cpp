// The one-pass reader against the DOM reader: where it reads a document, it must give the very
// Feed the DOM reader (after entity repair) gives; where it refuses, parse_feed still does.
#include <gtest/gtest.h>

#include <string>

#include "parse/stream_reader.h"

namespace {

// Every observable of a Feed that Detail::articles fills.
std::string observed(const parse::Feed& f) {
  std::string out = parse::to_conformance_json(f) + "|" + f.bozo_message + "|" + std::to_string(f.bad_dates) +
                    "|" + std::to_string(f.ttl_seconds.value_or(-1));
  for (const core::Article& a : parse::to_articles(f, "s")) {
    out += "|" + a.id + "|" + a.link + "|" + a.title + "|" + a.summary + "|" + a.content + "|" + a.author + "|" +
           a.language + "|" + std::to_string(a.published.value_or(-1)) + "|" + std::to_string(a.updated.value_or(-1));
    for (const std::string& c : a.categories) out += "," + c;
  }
  return out;
}

const parse::HttpContext kHttp{"https://news.example.test/feeds/main.xml", "", "", "fr"};

// `streamed`: whether the one-pass reader should take the document.
void expect_same_as_dom(const std::string& xml, bool streamed) {
  parse::Feed attempt;
  EXPECT_EQ(parse::read_stream(xml, std::string_view(xml).substr(0, 4096), kHttp, attempt), streamed) << xml;
  const parse::Feed dom =
      parse::parse_feed(xml, kHttp, std::nullopt, parse::Detail::articles, parse::XmlReader::kDomOnly);
  const parse::Feed any =
      parse::parse_feed(xml, kHttp, std::nullopt, parse::Detail::articles, parse::XmlReader::kStreamWhenPossible);
  EXPECT_EQ(observed(any), observed(dom)) << xml;
  EXPECT_FALSE(dom.entries.empty()) << xml;
}

// Given RSS with what feeds do to it (HTML entities, a stray '&', an unknown entity, CDATA,
// comments splitting text, namespaces, a permalink guid, two dates), we should read it in one
// pass to the DOM reader's Feed, bozo reason included.
TEST(StreamReader, GivenUsualRssWithRepairs_WeShouldGiveTheDomReadersFeed) {
  expect_same_as_dom(R"(<?xml version="1.0"?>
<?xml-stylesheet href="s.xsl"?>
<!-- a comment before the root -->
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
 <channel>
  <title>Desk &amp; wire</title><link>https://news.example.test/</link><ttl>15</ttl>
  <item>
   <title>Tehran &mdash; Moscow: treaty &#8230; text &#x2014; signed</title>
   <guid isPermaLink="true">https://news.example.test/a/1</guid>
   <description>&lt;p&gt;Ratified &amp;amp; in force &laquo;now&raquo;&lt;/p&gt;</description>
   <content:encoded><![CDATA[<p>Full &mdash; text</p>]]></content:encoded>
   <dc:creator>Desk <!-- split --> editor</dc:creator>
   <pubDate>Fri, 17 Jan 2025 10:00:00 +0300</pubDate>
   <category>treaty</category><category term="x">energy</category>
  </item>
  <item><title>Rates & more &unknown; here</title><link>/relative/2</link><dc:date>2025-01-18T09:00:00Z</dc:date></item>
 </channel>
</rss>
)", true);
}

// Given Atom with xml:base and xml:lang, relative links, a person with name and email, and
// inline XHTML content (printed back as pugixml prints it), we should read it in one pass alike.
TEST(StreamReader, GivenAtomWithXhtmlAndPersons_WeShouldGiveTheDomReadersFeed) {
  expect_same_as_dom(R"(<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example.test/x/" xml:lang="en">
 <title type="text">Atom desk</title><id>tag:a,2025:f</id>
 <entry>
  <title type="html">Pact &lt;b&gt;signed&lt;/b&gt;</title>
  <link rel="alternate" href="../news/1"/><link rel="replies" href="c"/>
  <id>tag:a,2025:1</id><updated>2025-01-17T10:00:00+03:00</updated>
  <author><name>Ana</name><email>desk@example.test</email></author>
  <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p class="a&amp;b">One &mdash; <em>two</em> &gt; three</p><br/><p>  </p></div></content>
 </entry>
 <entry xml:lang="ru"><title>Договор</title><link href="https://atom.example.test/2"/><id>2</id>
  <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">x<img src="i.png" alt='"q"'/></div></summary></entry>
</feed>
)", true);
}

// Given inline XHTML in every shape the printer tells apart (text and CDATA before the <div>,
// a first element that is no <div>, no element at all, an empty <div/>, elements left empty
// or holding only whitespace or a comment, attributes needing escapes, nodes after the <div>),
// we should print each construct as pugixml prints the DOM reader's nodes.
TEST(StreamReader, GivenXhtmlConstructsOfEveryShape_WeShouldPrintThemAsPugixml) {
  const char* kContents[] = {
      R"(lead <![CDATA[c]]><div xmlns="http://www.w3.org/1999/xhtml"><p>in</p></div>tail<b>after</b>)",
      R"(<p>no div &amp; <i>nested</i></p> then text<br/>)",
      R"(only text &lt;here&gt; &mdash; and <!-- a comment --> more)",
      R"(<div xmlns="http://www.w3.org/1999/xhtml"/>)",
      R"(<x:div xmlns:x="http://www.w3.org/1999/xhtml"><span>  </span><em><!-- c --></em><q></q>t</x:div>)",
      R"(<div><a href="/a?b=1&amp;c=&quot;2&quot;" title='tab	in'>link</a> &#60;&#x3E; <![CDATA[<raw>]]></div>)",
  };
  for (const char* content : kContents) {
    expect_same_as_dom(std::string(R"(<feed xmlns="http://www.w3.org/2005/Atom"><id>f</id><entry><id>1</id>)") +
                           "<content type=\"xhtml\">" + content + "</content><summary type=\"XHTML\">" + content +
                           "</summary></entry></feed>",
                       true);
  }
}

// Given what only the DOM reader reads (a DOCTYPE with entities, <media:group>, CR line ends),
// the one-pass reader should refuse it, and parse_feed should still give the DOM reader's Feed.
TEST(StreamReader, GivenWhatOnlyTheDomReads_WeShouldRefuseAndStillParseAlike) {
  expect_same_as_dom("<!DOCTYPE rss [<!ENTITY pact \"treaty\">]><rss version=\"2.0\"><channel><title>t</title>"
                     "<item><title>&pact;</title></item></channel></rss>", false);
  expect_same_as_dom("<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\"><channel><item><title>t</title>"
                     "<media:group><media:description>d</media:description></media:group></item></channel></rss>",
                     false);
  expect_same_as_dom("<rss version=\"2.0\">\r\n<channel><item><title>a\r\nb</title></item></channel></rss>", false);
  expect_same_as_dom("<rss version=\"2.0\"><channel><item><title>cut", false);
}

}  // namespace
