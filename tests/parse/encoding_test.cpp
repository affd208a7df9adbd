#include <gtest/gtest.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <cstring>
#include <memory>
#include <optional>
#include <random>
#include <vector>

#include "parse/encoding.h"
#include "parse/parser.h"

namespace {

// "Договор" (treaty) in windows-1251 and in KOI8-R.
constexpr char kTreaty1251[] = "\xC4\xEE\xE3\xEE\xE2\xEE\xF0";
constexpr char kTreatyKoi8[] = "\xE4\xCF\xC7\xCF\xD7\xCF\xD2";
constexpr char kTreatyUtf8[] = "\u0414\u043e\u0433\u043e\u0432\u043e\u0440";

std::string rss_with_title(const std::string& decl, const std::string& title) {
  return decl + "<rss version=\"2.0\"><channel><title>" + title + "</title></channel></rss>";
}

// Given a windows-1251 feed that declares its encoding, we should transcode it to UTF-8.
TEST(Encoding, GivenAWindows1251Declaration_WeShouldTranscodeToUtf8) {
  const parse::Feed f = parse::parse_feed(
      rss_with_title("<?xml version=\"1.0\" encoding=\"windows-1251\"?>", kTreaty1251), {});
  EXPECT_FALSE(f.bozo) << f.bozo_message;
  EXPECT_EQ(f.encoding, "windows-1251");
  EXPECT_EQ(f.feed.title, kTreatyUtf8);
}

// Given an HTTP charset, we should let it override the XML declaration (RFC 3023).
TEST(Encoding, GivenAnHttpCharset_WeShouldPreferItOverTheDeclaration) {
  parse::HttpContext http;
  http.content_type = "application/rss+xml; charset=KOI8-R";
  const parse::Feed f = parse::parse_feed(
      rss_with_title("<?xml version=\"1.0\" encoding=\"windows-1251\"?>", kTreatyKoi8), http);
  EXPECT_EQ(f.encoding, "koi8-r");
  EXPECT_EQ(f.feed.title, kTreatyUtf8);
}

// Given a UTF-16 document with a byte-order mark, we should decode it.
TEST(Encoding, GivenUtf16WithBom_WeShouldDecodeIt) {
  const std::string ascii = rss_with_title("", "Pact");
  std::string bytes = "\xFF\xFE";
  for (const char c : ascii) {
    bytes += c;
    bytes += '\0';
  }
  const parse::Feed f = parse::parse_feed(bytes, {});
  EXPECT_FALSE(f.bozo) << f.bozo_message;
  EXPECT_EQ(f.encoding, "utf-16le");
  EXPECT_EQ(f.feed.title, "Pact");
}

// Given bytes that are not valid in the declared encoding, we should fall back and flag bozo.
TEST(Encoding, GivenInvalidUtf8_WeShouldFallBackAndSetBozo) {
  const parse::Feed f = parse::parse_feed(
      rss_with_title("<?xml version=\"1.0\" encoding=\"utf-8\"?>", "caf\xE9"), {});
  EXPECT_TRUE(f.bozo);
  EXPECT_NE(f.encoding, "utf-8");
  EXPECT_EQ(f.feed.title, "caf\u00e9");
}

}  // namespace

namespace {

// Given ASCII of every length up to 64 in an exactly sized buffer (and the same with a cut-off
// multi-byte sequence at the end), we should validate without reading past the end.
TEST(Encoding, GivenBuffersOfEveryLength_WeShouldValidateWithinBounds) {
  for (std::size_t n = 0; n <= 64; ++n) {
    auto buf = std::make_unique<char[]>(n + 1);
    std::memset(buf.get(), 'a', n + 1);
    EXPECT_TRUE(parse::is_valid_utf8(std::string_view(buf.get(), n))) << n;
    buf[n] = '\xD0';  // a lead byte with its continuation missing
    EXPECT_FALSE(parse::is_valid_utf8(std::string_view(buf.get(), n + 1))) << n;
  }
}

// Given windows-1251 bytes that map outside the two-byte range (0x88 is the euro sign) and
// ASCII around them, we should transcode each through the single-byte table.
TEST(Encoding, GivenSingleByteCharsetWithThreeByteCharacters_WeShouldTranscode) {
  const parse::Feed f = parse::parse_feed(
      rss_with_title("<?xml version='1.0' encoding='windows-1251'?>", std::string("100 \x88 ") + kTreaty1251), {});
  EXPECT_EQ(f.encoding, "windows-1251");
  EXPECT_EQ(f.feed.title, std::string("100 \u20ac ") + kTreatyUtf8);
}

// Given runs of 0 to 40 three-byte characters (and ASCII after them), we should size the UTF-8
// output exactly: the single pass reserves from a count of the non-ASCII bytes.
TEST(Encoding, GivenRunsOfThreeByteCharacters_WeShouldSizeTheOutputExactly) {
  for (std::size_t n = 0; n <= 40; ++n) {
    std::string euros, expected;
    for (std::size_t i = 0; i < n; ++i) euros += '\x88', expected += "\u20ac";
    const parse::Feed f = parse::parse_feed(
        rss_with_title("<?xml version='1.0' encoding='windows-1251'?>", euros + " and ASCII after"), {});
    EXPECT_EQ(f.feed.title, expected + (n > 0 ? " " : "") + "and ASCII after") << n;
  }
}

// Given a byte the declared single-byte charset leaves undefined (0xD2 in windows-1253), we
// should not decode it as that charset: the document falls back and is marked not well-formed.
TEST(Encoding, GivenAByteUndefinedInTheDeclaredCharset_WeShouldFallBack) {
  const parse::Feed f = parse::parse_feed(
      rss_with_title("<?xml version='1.0' encoding='windows-1253'?>", "\xE1\xE2 \xD2 \xE3"), {});
  EXPECT_NE(f.encoding, "windows-1253");
  EXPECT_TRUE(f.bozo);
  EXPECT_FALSE(f.feed.title.empty());
}

}  // namespace

namespace {

// Given ISO-8859-1 and windows-1251 titles where one non-ASCII byte sits at every place of a
// 40-byte ASCII run (so at every offset of the sixteen-byte blocks the transcoder copies), we
// should decode each to the same characters: Latin-1 is now transcoded here, not by pugixml.
TEST(Encoding, GivenOneNonAsciiByteAtEveryPlace_WeShouldTranscodeItExactly) {
  const std::string decl_latin1 = "<?xml version='1.0' encoding='iso-8859-1'?>";
  const std::string decl_1251 = "<?xml version='1.0' encoding='windows-1251'?>";
  for (std::size_t at = 0; at < 40; ++at) {
    std::string latin1(40, 'x'), cyrillic(40, 'x');
    latin1[at] = '\xE9';    // é
    cyrillic[at] = '\xC4';  // Д
    std::string want_latin1(40, 'x'), want_cyrillic(40, 'x');
    want_latin1.replace(at, 1, "\u00e9");
    want_cyrillic.replace(at, 1, "\u0414");
    const parse::Feed a = parse::parse_feed(rss_with_title(decl_latin1, latin1), {});
    const parse::Feed b = parse::parse_feed(rss_with_title(decl_1251, cyrillic), {});
    EXPECT_EQ(a.encoding, "iso-8859-1");
    EXPECT_EQ(a.feed.title, want_latin1) << at;
    EXPECT_EQ(b.feed.title, want_cyrillic) << at;
  }
}

// Given words of Persian between single ASCII spaces, and a broken sequence at each place of
// such a run, we should accept the one and reject the other (the validator takes the spaces
// between words inside its non-ASCII loop).
TEST(Encoding, GivenNonAsciiWordsBetweenSpaces_WeShouldValidateEveryByte) {
  const std::string word = "\u0645\u0639\u0627\u0647\u062f\u0647";  // six two-byte letters
  std::string text;
  for (int i = 0; i < 8; ++i) text += word + (i % 2 ? " " : ", ");
  EXPECT_TRUE(parse::is_valid_utf8(text));
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (static_cast<unsigned char>(text[at]) < 0x80) continue;
    std::string broken = text;
    broken[at] = ' ';  // cuts a two-byte letter: a lone lead byte or a lone continuation byte
    EXPECT_FALSE(parse::is_valid_utf8(broken)) << at;
  }
}

}  // namespace

namespace {

// Given every sequence of one to four bytes drawn from the bytes at the edges of UTF-8's rules
// (ASCII, each continuation range, each kind of lead, C0/C1/F5-FF that never occur), set in
// ASCII at every offset of a sixteen-byte block and across the ends of 16- and 32-byte blocks
// (the SSSE3 and AVX2 validators' steps), we should judge it exactly as the
// character-at-a-time validator does.
TEST(Encoding, GivenEveryShortSequenceAtEveryOffset_WeShouldAgreeWithThePortableValidator) {
  constexpr unsigned char kEdges[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                      0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE,
                                      0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
  constexpr std::size_t kN = sizeof kEdges;
  std::size_t checked = 0, valid = 0;
  for (std::size_t len = 1; len <= 4; ++len) {
    std::size_t combos = 1;
    for (std::size_t i = 0; i < len; ++i) combos *= kN;
    const std::vector<std::size_t> offsets =
        len < 4 ? std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 29, 30, 31, 32}
                : std::vector<std::size_t>{0, 13, 14, 15, 29, 30, 31};
    for (std::size_t combo = 0; combo < combos; ++combo) {
      std::string seq;
      for (std::size_t i = 0, c = combo; i < len; ++i, c /= kN) seq += static_cast<char>(kEdges[c % kN]);
      for (const std::size_t at : offsets) {
        for (const std::size_t after : {std::size_t{0}, std::size_t{3}}) {
          const std::string text = std::string(at, 'a') + seq + std::string(after, 'b');
          const bool want = parse::is_valid_utf8_portable(text);
          ASSERT_EQ(parse::is_valid_utf8(text), want) << at << " " << after << " " << combo << " " << len;
          ++checked;
          valid += want;
        }
      }
    }
  }
  EXPECT_GT(valid, 1000u);  // the set reaches valid two-, three- and four-byte characters too
  EXPECT_GT(checked, valid);
}

}  // namespace

namespace {

// The charset's own conversion by ICU, strict: nullopt when a byte is undefined in it.
std::optional<std::string> icu_to_utf8(const std::string& bytes, const char* charset) {
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, decltype(&ucnv_close)> conv(ucnv_open(charset, &err), &ucnv_close);
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
  std::u16string wide(bytes.size() + 1, u'\0');
  const int32_t n = ucnv_toUChars(conv.get(), wide.data(), static_cast<int32_t>(wide.size()), bytes.data(),
                                  static_cast<int32_t>(bytes.size()), &err);
  if (U_FAILURE(err)) return std::nullopt;
  std::string out(static_cast<std::size_t>(n) * 3 + 1, '\0');
  int32_t len = 0;
  u_strToUTF8(out.data(), static_cast<int32_t>(out.size()), &len, wide.data(), n, &err);
  if (U_FAILURE(err)) return std::nullopt;
  out.resize(static_cast<std::size_t>(len));
  return out;
}

// Given text in single-byte charsets (runs of ASCII and of non-ASCII bytes of random lengths,
// so that every mix of one-, two- and three-byte characters meets each place of the eight- and
// sixteen-byte blocks the transcoder works in, and blocks of letters only), we should give
// exactly ICU's conversion, or, where a byte is undefined in the charset, not claim that charset.
TEST(Encoding, GivenRandomTextInSingleByteCharsets_WeShouldGiveIcusConversion) {
  std::mt19937 rng(20250117);
  for (const char* charset : {"windows-1251", "koi8-r", "iso-8859-1", "windows-1256", "iso-8859-7", "windows-1252"}) {
    int compared = 0;
    for (int doc = 0; doc < 400; ++doc) {
      std::string bytes;
      const std::size_t size = rng() % 300;
      while (bytes.size() < size) {
        const bool high = rng() % 2 == 0;
        for (unsigned k = rng() % 20; k > 0; --k) {
          // Half of the documents draw non-ASCII bytes from the letters 0xC0-0xFF only (blocks
          // the transcoder reads by addition where the charset allows), half from all of them.
          const unsigned from = doc % 2 == 0 ? 0xC0 : 0x80;
          bytes += static_cast<char>(high ? from + rng() % (0x100 - from) : 0x20 + rng() % 0x5F);
        }
      }
      const parse::DecodedDocument got = parse::decode_document(bytes, std::string("text/xml; charset=") + charset);
      const std::optional<std::string> want = icu_to_utf8(bytes, charset);
      if (!want) {
        EXPECT_NE(got.encoding, charset) << doc;
        continue;
      }
      ASSERT_EQ(got.encoding, charset) << doc;
      ASSERT_EQ(got.text(), *want) << charset << " document " << doc;
      ++compared;
    }
    EXPECT_GT(compared, 20) << charset;  // most documents are valid in the charset
  }
}

}  // namespace
