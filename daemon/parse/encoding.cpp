#include "parse/encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>  // SSSE3 and AVX2, used only when the CPU has them (checked at run time)
#define NEWSWATCH_HAVE_SSSE3_PATH 1
#endif

#include "parse/text_util.h"

namespace parse {
namespace {

struct Bom {
  std::string_view marker;
  const char* encoding;
};

// Byte-order marks, and the first bytes of "<?" in UTF-16/32 without a mark.
constexpr Bom kBoms[] = {
    {{"\xEF\xBB\xBF", 3}, "utf-8"},         {{"\x00\x00\xFE\xFF", 4}, "utf-32be"},
    {{"\xFF\xFE\x00\x00", 4}, "utf-32le"},  {{"\xFE\xFF", 2}, "utf-16be"},
    {{"\xFF\xFE", 2}, "utf-16le"},
};
constexpr Bom kUnmarked[] = {
    {{"\x00\x00\x00\x3C", 4}, "utf-32be"},  {{"\x3C\x00\x00\x00", 4}, "utf-32le"},
    {{"\x00\x3C\x00\x3F", 4}, "utf-16be"},  {{"\x3C\x00\x3F\x00", 4}, "utf-16le"},
};

struct ContentType {
  std::string mime;     // lower case, without parameters
  std::string charset;  // lower case, "" when absent
};

ContentType parse_content_type(std::string_view header) {
  ContentType ct;
  const auto semi = header.find(';');
  ct.mime = to_lower(trim(header.substr(0, semi)));
  const std::string params = to_lower(semi == std::string_view::npos ? "" : header.substr(semi));
  if (const auto at = params.find("charset"); at != std::string::npos) {
    std::string_view v = trim(std::string_view(params).substr(at + 7));
    if (v.empty() || v.front() != '=') return ct;
    v = trim(v.substr(1));
    v = v.substr(0, v.find(';'));
    if (!v.empty() && (v.front() == '"' || v.front() == '\'')) v = v.substr(1, v.find(v.front(), 1) - 1);
    ct.charset = trim(v);
  }
  return ct;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// RFC 3023: the charset the HTTP headers impose, and whether the type is an XML type at all.
std::string rfc3023_encoding(const ContentType& ct, const std::string& xml_enc, bool& is_xml) {
  const std::string& m = ct.mime;
  is_xml = true;
  if (m.empty()) return xml_enc.empty() ? "utf-8" : xml_enc;
  if (m == "application/xml" || m == "application/xml-dtd" ||
      m == "application/xml-external-parsed-entity" ||
      (m.rfind("application/", 0) == 0 && ends_with(m, "+xml"))) {
    return !ct.charset.empty() ? ct.charset : (xml_enc.empty() ? "utf-8" : xml_enc);
  }
  const bool text_xml = m == "text/xml" || m == "text/xml-external-parsed-entity" ||
                        (m.rfind("text/", 0) == 0 && ends_with(m, "+xml"));
  is_xml = text_xml;
  if (text_xml || m.rfind("text/", 0) == 0) return ct.charset.empty() ? "us-ascii" : ct.charset;
  return xml_enc.empty() ? "utf-8" : xml_enc;
}

// The first byte at or after p that is not ASCII, or end. Sixteen bytes at a time with SSE2.
const unsigned char* skip_ascii(const unsigned char* p, const unsigned char* end) {
#if defined(__SSE2__)
  for (; end - p >= 16; p += 16) {
    const int mask = _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    if (mask != 0) return p + std::countr_zero(static_cast<unsigned>(mask));
  }
#endif
  for (; end - p >= 8; p += 8) {
    std::uint64_t word;
    std::memcpy(&word, p, 8);
    if (const std::uint64_t high = word & 0x8080808080808080ULL; high != 0) {
      if constexpr (std::endian::native != std::endian::little) break;
      return p + std::countr_zero(high) / 8;  // the lowest set bit belongs to the first byte
    }
  }
  while (p < end && *p < 0x80) ++p;
  return p;
}

using ConverterPtr = std::unique_ptr<UConverter, decltype(&ucnv_close)>;

// A single-byte charset as a table byte -> UTF-8 (len 0: the byte is invalid in the charset).
struct ByteTable {
  std::array<std::array<char, 4>, 256> utf8{};
  std::array<std::uint8_t, 256> len{};
  bool ascii_identity = false;  ///< bytes 0x00-0x7F are ASCII (not so in EBCDIC charsets)
  std::uint8_t max_len = 1;     ///< the longest UTF-8 sequence of any byte
  /// The code point of each byte that is one or two bytes of UTF-8, else kNoPair (invalid,
  /// or three bytes long): what the SSSE3 transcoder encodes eight at a time.
  std::array<std::uint16_t, 256> pair_cp{};
  /// Set when bytes 0xC0-0xFF are the code points 0xC0 + delta onwards, each two bytes of UTF-8
  /// (the letters of windows-1251, ISO-8859-5, Latin-1, windows-1252): then a block of such
  /// bytes and ASCII is transcoded without a lookup.
  std::optional<std::uint16_t> upper_delta;
};

constexpr std::uint16_t kNoPair = 0x7FFF;

std::shared_ptr<const ByteTable> make_byte_table(UConverter* conv) {
  auto table = std::make_shared<ByteTable>();
  table->pair_cp.fill(kNoPair);
  for (int b = 0; b < 256; ++b) {
    UErrorCode err = U_ZERO_ERROR;
    ucnv_resetToUnicode(conv);
    UChar wide[4];
    const char byte = static_cast<char>(b);
    const int32_t n = ucnv_toUChars(conv, wide, 4, &byte, 1, &err);
    if (U_FAILURE(err) || n != 1) continue;
    std::string utf8;
    append_utf8(utf8, wide[0]);
    std::memcpy(table->utf8[b].data(), utf8.data(), utf8.size());
    table->len[b] = static_cast<std::uint8_t>(utf8.size());
    table->pair_cp[b] = utf8.size() <= 2 ? static_cast<std::uint16_t>(wide[0]) : kNoPair;
    table->max_len = std::max(table->max_len, table->len[b]);
  }
  const int delta = table->pair_cp[0xC0] - 0xC0;
  bool linear = delta >= 0 && table->pair_cp[0xFF] == 0xFF + delta && 0xFF + delta < 0x800;
  for (int b = 0xC0; b < 0x100; ++b) linear = linear && table->pair_cp[b] == b + delta;
  if (linear) table->upper_delta = static_cast<std::uint16_t>(delta);
  table->ascii_identity = true;
  for (int b = 0; b < 0x80; ++b) {
    table->ascii_identity = table->ascii_identity && table->len[b] == 1 && table->utf8[b][0] == b;
  }
  return table;
}

// Tables of the single-byte charsets seen so far (windows-125x, iso-8859-x, koi8-r, ...): a
// lookup per byte is several times faster than ICU's two-step conversion through UTF-16.
std::shared_ptr<const ByteTable> byte_table(UConverter* conv, const std::string& charset) {
  static std::mutex mu;
  static std::map<std::string, std::shared_ptr<const ByteTable>, std::less<>> tables;
  std::lock_guard lock(mu);
  auto& slot = tables[charset];
  if (!slot) slot = make_byte_table(conv);
  return slot;
}

// The number of bytes >= 0x80 (sixteen at a time with SSE2: each lane counts its high bytes,
// up to 255 blocks, then the lanes are summed).
std::size_t count_high_bytes(const unsigned char* p, std::size_t n) {
  std::size_t count = 0, i = 0;
#if defined(__SSE2__)
  const __m128i zero = _mm_setzero_si128();
  while (n - i >= 16) {
    __m128i lanes = zero;
    for (int blocks = 0; blocks < 255 && n - i >= 16; ++blocks, i += 16) {
      const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      lanes = _mm_sub_epi8(lanes, _mm_cmplt_epi8(block, zero));  // a high byte is negative: -1
    }
    const __m128i sums = _mm_sad_epu8(lanes, zero);  // two 64-bit sums of eight lanes each
    count += static_cast<std::size_t>(_mm_cvtsi128_si32(sums)) +
             static_cast<std::size_t>(_mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
  }
#endif
  for (; i < n; ++i) count += p[i] >= 0x80;
  return count;
}

// One byte through the table: its UTF-8 stored (four bytes written, `len` kept), a byte the
// charset leaves undefined noted in `invalid`.
inline void convert_byte(const ByteTable& t, unsigned char byte, char*& o, bool& invalid) {
  const std::uint8_t len = t.len[byte];
  invalid |= len == 0;
  std::memcpy(o, t.utf8[byte].data(), 4);
  o += len;
}

#if defined(NEWSWATCH_HAVE_SSSE3_PATH)
// For each set of two-byte lanes among eight (bit k: lane k holds two bytes of UTF-8, else one,
// in its low byte), the shuffle that packs the bytes kept, and how many there are.
struct PairShuffles {
  std::array<std::array<char, 16>, 256> shuffle{};
  std::array<std::uint8_t, 256> length{};
};
constexpr PairShuffles kPairShuffles = [] {
  PairShuffles p;
  for (unsigned mask = 0; mask < 256; ++mask) {
    unsigned k = 0;
    for (unsigned lane = 0; lane < 8; ++lane) {
      p.shuffle[mask][k++] = static_cast<char>(2 * lane);
      if ((mask >> lane & 1U) != 0) p.shuffle[mask][k++] = static_cast<char>(2 * lane + 1);
    }
    p.length[mask] = static_cast<std::uint8_t>(k);
    for (; k < 16; ++k) p.shuffle[mask][k] = static_cast<char>(0x80);  // a zero byte
  }
  return p;
}();

// Eight code points, each one or two bytes of UTF-8, encoded at `o`; returns the end.
__attribute__((target("ssse3"))) inline char* encode_pairs_ssse3(__m128i cps, char* o) {
  const __m128i two = _mm_cmpgt_epi16(cps, _mm_set1_epi16(0x7F));
  const __m128i lead = _mm_or_si128(_mm_srli_epi16(cps, 6), _mm_set1_epi16(0xC0));
  const __m128i trail = _mm_or_si128(_mm_and_si128(cps, _mm_set1_epi16(0x3F)), _mm_set1_epi16(0x80));
  const __m128i pair = _mm_or_si128(lead, _mm_slli_epi16(trail, 8));
  const __m128i lanes = _mm_or_si128(_mm_and_si128(two, pair), _mm_andnot_si128(two, cps));
  const auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_packs_epi16(two, _mm_setzero_si128())));
  const __m128i shuffle = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kPairShuffles.shuffle[mask].data()));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(o), _mm_shuffle_epi8(lanes, shuffle));
  return o + kPairShuffles.length[mask];
}

// Eight bytes with some non-ASCII among them, to UTF-8 at `o`; returns the end of what it wrote.
__attribute__((target("ssse3"))) inline char* transcode_eight_ssse3(const unsigned char* p, const ByteTable& t, char* o,
                                                                     bool& bad) {
  const auto cp = [&](int k) { return static_cast<short>(t.pair_cp[p[k]]); };
  const __m128i cps = _mm_setr_epi16(cp(0), cp(1), cp(2), cp(3), cp(4), cp(5), cp(6), cp(7));
  if (_mm_movemask_epi8(_mm_cmpgt_epi16(cps, _mm_set1_epi16(0x7FF))) != 0) {
    for (int k = 0; k < 8; ++k) convert_byte(t, p[k], o, bad);
    return o;
  }
  return encode_pairs_ssse3(cps, o);
}

// The blocks of `in` (ASCII-compatible charset), sixteen bytes at a time: ASCII is copied as it
// is, eight bytes at least; eight bytes with some non-ASCII are looked up as code points and,
// when each is one or two bytes of UTF-8 (Cyrillic, Greek, Arabic, Hebrew, Latin letters: every
// common single-byte charset), encoded together and packed by one shuffle; eight with a longer
// one (the euro sign, say) go through the table a byte at a time. Returns how many bytes were
// read; `out` moves on.
__attribute__((target("ssse3"))) std::size_t transcode_blocks_ssse3(const unsigned char* in, std::size_t n,
                                                                  const ByteTable& t, char*& out, bool& invalid) {
  char* o = out;  // in a register, not through the reference
  bool bad = false;
  std::size_t i = 0;
  for (; n - i >= 16; i += 16) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in + i));
    const auto high = static_cast<unsigned>(_mm_movemask_epi8(block));
    if (high == 0) {  // ASCII: copied as it is
      _mm_storeu_si128(reinterpret_cast<__m128i*>(o), block);
      o += 16;
      continue;
    }
    // Letters of the upper block and ASCII only (no byte 0x80-0xBF): code points by addition.
    if (t.upper_delta && _mm_movemask_epi8(_mm_cmpgt_epi8(_mm_set1_epi8(-64), block)) == 0) {
      const __m128i delta = _mm_set1_epi16(static_cast<short>(*t.upper_delta));
      const auto to_cps = [&](__m128i bytes) {
        return _mm_add_epi16(bytes, _mm_and_si128(_mm_cmpgt_epi16(bytes, _mm_set1_epi16(0x7F)), delta));
      };
      o = encode_pairs_ssse3(to_cps(_mm_unpacklo_epi8(block, _mm_setzero_si128())), o);
      o = encode_pairs_ssse3(to_cps(_mm_unpackhi_epi8(block, _mm_setzero_si128())), o);
      continue;
    }
    for (std::size_t half = 0; half < 2; ++half) {
      if (((high >> (8 * half)) & 0xFFU) != 0) {
        o = transcode_eight_ssse3(in + i + 8 * half, t, o, bad);
      } else {
        std::memcpy(o, in + i + 8 * half, 8);
        o += 8;
      }
    }
  }
  out = o;
  invalid |= bad;
  return i;
}
#endif

// Markup is ASCII: with an ASCII-compatible charset and SSSE3, blocks go through
// transcode_blocks_ssse3; anything else a byte at a time through the table. One pass: the output
// is sized from a count of the non-ASCII bytes (each at most max_len long).
std::optional<std::string> transcode_single_byte(std::string_view bytes, const ByteTable& t) {
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  const bool fast = t.ascii_identity;
  const std::size_t bound = fast ? n + count_high_bytes(in, n) * (t.max_len - 1u) : n * t.max_len;
  constexpr std::size_t kSlack = 16;  // a block stores 16 bytes, a table entry 4
  std::string out(bound + kSlack, '\0');
  char* o = out.data();
  bool invalid = false;
  std::size_t i = 0;
#if defined(NEWSWATCH_HAVE_SSSE3_PATH)
  static const bool ssse3 = __builtin_cpu_supports("ssse3");
  if (fast && ssse3) i = transcode_blocks_ssse3(in, n, t, o, invalid);
#endif
  for (; i < n; ++i) convert_byte(t, in[i], o, invalid);  // the rest, or all without SSSE3
  if (invalid) return std::nullopt;
  out.resize(static_cast<std::size_t>(o - out.data()));
  return out;
}

// How the decoded document is handed on.
enum class Passage {
  kAsIs,       // the bytes are ASCII in an ASCII-compatible charset: already UTF-8
  kConverted,  // the UTF-8 text is in `out`
};

std::optional<Passage> transcode_single_byte(std::string_view bytes, const ByteTable& t,
                                             std::string& out) {
  const auto* begin = reinterpret_cast<const unsigned char*>(bytes.data());
  if (t.ascii_identity && skip_ascii(begin, begin + bytes.size()) == begin + bytes.size()) {
    return Passage::kAsIs;
  }
  auto text = transcode_single_byte(bytes, t);
  if (!text) return std::nullopt;
  out = std::move(*text);
  return Passage::kConverted;
}

// Strict conversion: nullopt when the charset is unknown or a byte sequence is invalid in it.
std::optional<Passage> transcode(std::string_view bytes, const std::string& charset, std::string& out) {
  UErrorCode err = U_ZERO_ERROR;
  ConverterPtr conv(ucnv_open(charset.c_str(), &err), &ucnv_close);
  if (U_FAILURE(err)) return std::nullopt;
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
  if (U_FAILURE(err)) return std::nullopt;
  if (ucnv_getMaxCharSize(conv.get()) == 1 && ucnv_getMinCharSize(conv.get()) == 1) {
    return transcode_single_byte(bytes, *byte_table(conv.get(), charset), out);
  }
  std::u16string wide(bytes.size() + 16, u'\0');
  int32_t n = ucnv_toUChars(conv.get(), wide.data(), static_cast<int32_t>(wide.size()),
                            bytes.data(), static_cast<int32_t>(bytes.size()), &err);
  if (err == U_BUFFER_OVERFLOW_ERROR) {
    err = U_ZERO_ERROR;
    ucnv_resetToUnicode(conv.get());
    wide.resize(static_cast<std::size_t>(n) + 1);
    n = ucnv_toUChars(conv.get(), wide.data(), static_cast<int32_t>(wide.size()), bytes.data(),
                      static_cast<int32_t>(bytes.size()), &err);
  }
  if (U_FAILURE(err)) return std::nullopt;
  std::string text(static_cast<std::size_t>(n) * 3 + 1, '\0');
  int32_t len = 0;
  u_strToUTF8WithSub(text.data(), static_cast<int32_t>(text.size()), &len, wide.data(), n, 0xFFFD,
                     nullptr, &err);
  if (U_FAILURE(err)) return std::nullopt;
  text.resize(static_cast<std::size_t>(len));
  out = std::move(text);
  return Passage::kConverted;
}

// ICU's statistical charset detector, for undeclared documents that are not UTF-8.
std::string detect_charset(std::string_view bytes) {
  constexpr int32_t kMinConfidence = 30;  // ICU's scale is 0-100; below this it is guessing
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UCharsetDetector, decltype(&ucsdet_close)> det(ucsdet_open(&err), &ucsdet_close);
  if (U_FAILURE(err)) return "";
  ucsdet_setText(det.get(), bytes.data(), static_cast<int32_t>(bytes.size()), &err);
  const UCharsetMatch* match = ucsdet_detect(det.get(), &err);
  if (U_FAILURE(err) || match == nullptr || ucsdet_getConfidence(match, &err) < kMinConfidence) {
    return "";
  }
  const char* name = ucsdet_getName(match, &err);
  return U_FAILURE(err) || name == nullptr ? "" : to_lower(name);
}

std::string normalise(std::string name) {
  if (name == "gb2312") return "gb18030";  // superset; feeds mislabel GBK text as gb2312
  if (name == "utf-16" || name == "utf-32" || name == "ucs-2" || name == "ucs-4") return "";
  return name;
}

// Tries one candidate; fills doc on success.
bool try_decode(std::string_view body, const std::string& charset, DecodedDocument& doc) {
  if (charset.empty()) return false;
  if (charset == "utf-8" || charset == "utf8") {
    if (!is_valid_utf8(body)) return false;
    doc.original = body;
    doc.converted = false;
  } else {
    const std::optional<Passage> passage = transcode(body, charset, doc.storage);
    if (!passage) return false;
    doc.original = body;
    doc.converted = *passage == Passage::kConverted;
    if (doc.converted && doc.storage.rfind("\xEF\xBB\xBF", 0) == 0) doc.storage.erase(0, 3);
  }
  doc.encoding = charset;
  return true;
}

// How many continuation bytes follow a UTF-8 lead byte; -1 for a byte that cannot lead.
int continuation_bytes(unsigned char lead) {
  if (lead >= 0xC2 && lead <= 0xDF) return 1;
  if (lead >= 0xE0 && lead <= 0xEF) return 2;
  if (lead >= 0xF0 && lead <= 0xF4) return 3;
  return -1;
}

// The encoding a byte-order mark (or UTF-16/32 "<?" pattern) announces; strips a real mark.
std::string sniff_bom(std::string_view& bytes) {
  for (const Bom& b : kBoms) {
    if (bytes.substr(0, b.marker.size()) == b.marker) {
      bytes.remove_prefix(b.marker.size());
      return b.encoding;
    }
  }
  for (const Bom& b : kUnmarked) {
    if (bytes.substr(0, b.marker.size()) == b.marker) return b.encoding;
  }
  return "";
}

}  // namespace

std::string xml_declared_encoding(std::string_view head) {
  if (head.rfind("<?xml", 0) != 0) return "";
  const std::string_view decl = head.substr(0, head.find("?>"));
  const auto at = decl.find("encoding");
  if (at == std::string_view::npos) return "";
  std::string_view rest = trim(decl.substr(at + 8));
  if (rest.empty() || rest.front() != '=') return "";
  rest = trim(rest.substr(1));
  if (rest.empty() || (rest.front() != '"' && rest.front() != '\'')) return "";
  const auto close = rest.find(rest.front(), 1);
  if (close == std::string_view::npos) return "";
  return to_lower(trim(rest.substr(1, close - 1)));
}

#if defined(NEWSWATCH_HAVE_SSSE3_PATH)
namespace {

// UTF-8 checked sixteen bytes at a time: every byte is classified together with the byte
// before it by three table lookups (high nibble of the previous byte, its low nibble, high
// nibble of this byte); each table gives the set of errors the nibble is compatible with, so
// the AND of the three is non-zero exactly where the pair cannot occur. The only rule a pair
// cannot see (a third or fourth byte must be a continuation, and only then) is checked from
// the bytes two and three places back.
namespace u8err {
constexpr std::uint8_t kTooShort = 1 << 0;    // lead followed by a non-continuation
constexpr std::uint8_t kTooLong = 1 << 1;     // ASCII followed by a continuation
constexpr std::uint8_t kOverlong3 = 1 << 2;   // E0 followed by 80-9F
constexpr std::uint8_t kTooLarge = 1 << 3;    // F4 followed by 90-BF, or F5-FF
constexpr std::uint8_t kSurrogate = 1 << 4;   // ED followed by A0-BF
constexpr std::uint8_t kOverlong2 = 1 << 5;   // C0 or C1 as a lead
constexpr std::uint8_t kTooLarge80 = 1 << 6;  // F5-FF followed by 80-8F
constexpr std::uint8_t kOverlong4 = 1 << 6;   // F0 followed by 80-8F (same bit: disjoint cases)
constexpr std::uint8_t kTwoConts = 1 << 7;    // continuation after continuation (valid only
                                              // as a third or fourth byte)
constexpr std::uint8_t kCarry = kTooShort | kTooLong | kTwoConts;
}  // namespace u8err

// The three tables the pairs are classified by: errors compatible with the previous byte's
// high nibble, with its low nibble, and with this byte's high nibble.
using NibbleTable = std::array<std::uint8_t, 16>;
constexpr NibbleTable kFirstHigh = [] {
  using namespace u8err;
  return NibbleTable{kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong, kTooLong,
                     kTwoConts, kTwoConts, kTwoConts, kTwoConts, kTooShort | kOverlong2, kTooShort,
                     kTooShort | kOverlong3 | kSurrogate, kTooShort | kTooLarge | kTooLarge80 | kOverlong4};
}();
constexpr NibbleTable kFirstLow = [] {
  using namespace u8err;
  constexpr std::uint8_t large = kCarry | kTooLarge | kTooLarge80;
  return NibbleTable{kCarry | kOverlong3 | kOverlong2 | kOverlong4, kCarry | kOverlong2, kCarry, kCarry,
                     kCarry | kTooLarge, large, large, large, large, large, large, large, large,
                     kCarry | kTooLarge | kTooLarge80 | kSurrogate, large, large};
}();
constexpr NibbleTable kSecondHigh = [] {
  using namespace u8err;
  constexpr std::uint8_t cont_a = kTooLong | kOverlong2 | kTwoConts | kSurrogate | kTooLarge;
  return NibbleTable{kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort, kTooShort,
                     kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge80 | kOverlong4,
                     kTooLong | kOverlong2 | kTwoConts | kOverlong3 | kTooLarge, cont_a, cont_a,
                     kTooShort, kTooShort, kTooShort, kTooShort};
}();

__attribute__((target("ssse3"))) inline __m128i load_table(const NibbleTable& t) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(t.data()));
}

// Non-zero bytes where `input` (with `prev`, the sixteen bytes before it) breaks UTF-8.
__attribute__((target("ssse3"))) inline __m128i block_errors(__m128i input, __m128i prev) {
  const __m128i low = _mm_set1_epi8(0x0F);
  const __m128i prev1 = _mm_alignr_epi8(input, prev, 15);
  const __m128i pairs =
      _mm_and_si128(_mm_and_si128(_mm_shuffle_epi8(load_table(kFirstHigh), _mm_and_si128(_mm_srli_epi16(prev1, 4), low)),
                                  _mm_shuffle_epi8(load_table(kFirstLow), _mm_and_si128(prev1, low))),
                    _mm_shuffle_epi8(load_table(kSecondHigh), _mm_and_si128(_mm_srli_epi16(input, 4), low)));
  // A byte two places after E0-FF or three after F0-FF must be a continuation: exactly where
  // the pair tables flagged kTwoConts.
  const __m128i third = _mm_subs_epu8(_mm_alignr_epi8(input, prev, 14), _mm_set1_epi8(0xE0 - 0x80));
  const __m128i fourth = _mm_subs_epu8(_mm_alignr_epi8(input, prev, 13), _mm_set1_epi8(0xF0 - 0x80));
  const __m128i must_continue = _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8(static_cast<char>(0x80)));
  return _mm_xor_si128(must_continue, pairs);
}

// One block: its errors added to `errors`. An ASCII block after a block that ended inside no
// sequence needs no lookups.
__attribute__((target("ssse3"))) inline void check_block(__m128i input, __m128i& prev, __m128i& errors) {
  if (_mm_movemask_epi8(_mm_or_si128(input, prev)) != 0) errors = _mm_or_si128(errors, block_errors(input, prev));
  prev = input;
}

__attribute__((target("ssse3"))) bool is_valid_utf8_ssse3(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = s.size();
  __m128i prev = _mm_setzero_si128(), errors = _mm_setzero_si128();
  for (; n >= 16; p += 16, n -= 16) check_block(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), prev, errors);
  alignas(16) unsigned char tail[16] = {};  // the rest, padded with NULs (ASCII)
  std::memcpy(tail, p, n);
  check_block(_mm_load_si128(reinterpret_cast<const __m128i*>(tail)), prev, errors);
  check_block(_mm_setzero_si128(), prev, errors);  // a sequence cut off by the end meets a NUL: too short
  return _mm_movemask_epi8(_mm_cmpeq_epi8(errors, _mm_setzero_si128())) == 0xFFFF;
}

// The same thirty-two bytes at a time: each 128-bit lane looks up as above; the bytes before a
// lane come from the lane below or, for the low lane, from the previous block's high lane.
__attribute__((target("avx2"))) inline __m256i load_table_avx2(const NibbleTable& t) {
  return _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(t.data())));
}

__attribute__((target("avx2"))) inline __m256i block_errors_avx2(__m256i input, __m256i prev) {
  const __m256i low = _mm256_set1_epi8(0x0F);
  const __m256i before = _mm256_permute2x128_si256(prev, input, 0x21);  // prev's high lane, input's low
  const __m256i prev1 = _mm256_alignr_epi8(input, before, 15);
  const __m256i pairs = _mm256_and_si256(
      _mm256_and_si256(
          _mm256_shuffle_epi8(load_table_avx2(kFirstHigh), _mm256_and_si256(_mm256_srli_epi16(prev1, 4), low)),
          _mm256_shuffle_epi8(load_table_avx2(kFirstLow), _mm256_and_si256(prev1, low))),
      _mm256_shuffle_epi8(load_table_avx2(kSecondHigh), _mm256_and_si256(_mm256_srli_epi16(input, 4), low)));
  const __m256i third = _mm256_subs_epu8(_mm256_alignr_epi8(input, before, 14), _mm256_set1_epi8(0xE0 - 0x80));
  const __m256i fourth = _mm256_subs_epu8(_mm256_alignr_epi8(input, before, 13), _mm256_set1_epi8(0xF0 - 0x80));
  const __m256i must_continue =
      _mm256_and_si256(_mm256_or_si256(third, fourth), _mm256_set1_epi8(static_cast<char>(0x80)));
  return _mm256_xor_si256(must_continue, pairs);
}

__attribute__((target("avx2"))) inline void check_block_avx2(__m256i input, __m256i& prev, __m256i& errors) {
  if (_mm256_movemask_epi8(_mm256_or_si256(input, prev)) != 0) {
    errors = _mm256_or_si256(errors, block_errors_avx2(input, prev));
  }
  prev = input;
}

__attribute__((target("avx2"))) bool is_valid_utf8_avx2(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  std::size_t n = s.size();
  __m256i prev = _mm256_setzero_si256(), errors = _mm256_setzero_si256();
  for (; n >= 32; p += 32, n -= 32) {
    check_block_avx2(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)), prev, errors);
  }
  alignas(32) unsigned char tail[32] = {};
  std::memcpy(tail, p, n);
  check_block_avx2(_mm256_load_si256(reinterpret_cast<const __m256i*>(tail)), prev, errors);
  check_block_avx2(_mm256_setzero_si256(), prev, errors);
  return _mm256_testz_si256(errors, errors) != 0;
}

}  // namespace
#endif

bool is_valid_utf8(std::string_view s) {
#if defined(NEWSWATCH_HAVE_SSSE3_PATH)
  static const bool avx2 = __builtin_cpu_supports("avx2"), ssse3 = __builtin_cpu_supports("ssse3");
  if (avx2) return is_valid_utf8_avx2(s);
  if (ssse3) return is_valid_utf8_ssse3(s);
#endif
  return is_valid_utf8_portable(s);
}

bool is_valid_utf8_portable(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const auto* end = p + s.size();
  while ((p = skip_ascii(p, end)) < end) {
    // A run of non-ASCII characters: words of Persian or Russian, with the single spaces or
    // punctuation between them taken here too rather than by another call of skip_ascii.
    while (p < end && (*p >= 0x80 || (end - p >= 2 && p[1] >= 0x80))) {
      if (*p < 0x80) {
        ++p;
        continue;
      }
      if (*p >= 0xC2 && *p <= 0xDF && end - p >= 2 && (p[1] & 0xC0) == 0x80) {  // most often
        p += 2;
        continue;
      }
      const int n = continuation_bytes(*p);
      if (n < 0 || end - p <= n) return false;
      for (int i = 1; i <= n; ++i) {
        if ((p[i] & 0xC0) != 0x80) return false;
      }
      if ((*p == 0xE0 && p[1] < 0xA0) || (*p == 0xED && p[1] > 0x9F) ||
          (*p == 0xF0 && p[1] < 0x90) || (*p == 0xF4 && p[1] > 0x8F)) {
        return false;
      }
      p += n + 1;
    }
  }
  return true;
}

DecodedDocument decode_document(std::string_view bytes, std::string_view content_type) {
  DecodedDocument doc;
  const std::string bom_enc = sniff_bom(bytes);
  const bool wide = !bom_enc.empty() && bom_enc != "utf-8";
  const std::string xml_enc = wide ? std::string() : normalise(xml_declared_encoding(bytes));
  bool is_xml = true;
  const ContentType ct = parse_content_type(content_type);
  const std::string declared = normalise(rfc3023_encoding(ct, xml_enc, is_xml));
  // Most trusted first; the statistical guess only runs when everything declared failed.
  const std::string trusted[] = {bom_enc, declared, xml_enc, "utf-8"};
  bool decoded = false;
  for (const std::string& c : trusted) {
    if ((decoded = try_decode(bytes, c, doc))) break;
  }
  if (!decoded) {
    for (const std::string& c : {detect_charset(bytes), std::string("windows-1252"),
                                 std::string("iso-8859-2")}) {
      if ((decoded = try_decode(bytes, c, doc))) break;
    }
  }
  if (doc.encoding != declared && doc.encoding != bom_enc) {
    doc.problem = "document declared as " + declared + ", but parsed as " + doc.encoding;
  }
  if (!is_xml) {
    doc.problem = ct.mime + " is not an XML media type";
    doc.non_xml_media_type = true;
  }
  return doc;
}

}  // namespace parse
